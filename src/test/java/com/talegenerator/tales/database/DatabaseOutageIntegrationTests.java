package com.talegenerator.tales.database;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The 503 row of API.md's error table: the service's own embedded PostgreSQL is stopped
 * under it. Its own application context (a short connection timeout, and a database that
 * no other test may share), thrown away afterwards. On Testcontainers there is no
 * embedded database to stop, and the test is skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.hikari.connection-timeout=1000")
@DirtiesContext
class DatabaseOutageIntegrationTests {

	private static final String CHILD = "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private ObjectProvider<EmbeddedPostgres> embeddedPostgres;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Test
	void answers503WithRetryAfterWhileTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = this.embeddedPostgres.getIfAvailable();
		assumeTrue(postgres != null, "runs only on the embedded PostgreSQL, which it can stop");
		HttpApi api = new HttpApi("http://127.0.0.1:" + this.port);
		HttpApi.Response up = api.get("/health");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.json().toString()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(api.post("/children", CHILD).status()).isEqualTo(201);

		postgres.close();

		HttpApi.Response list = api.get("/children");
		assertProblem(list, 503, "/children");
		assertThat(list.header("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
		HttpApi.Response create = api.post("/children", CHILD);
		assertProblem(create, 503, "/children");
		assertThat(create.header("Retry-After")).isPresent();
		HttpApi.Response down = api.get("/health");
		assertThat(down.status()).isEqualTo(503);
		JsonNode health = down.json();
		assertThat(health.toString()).isEqualTo("{\"status\":\"DOWN\"}");
		Problems.assertNoLeaks(down);
	}

}
