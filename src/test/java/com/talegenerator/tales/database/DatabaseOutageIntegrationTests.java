package com.talegenerator.tales.database;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The 503 row of API.md's error table: the service's own embedded PostgreSQL is stopped
 * under it. Its own application context (a short connection timeout, and a database that
 * no other test may share), thrown away afterwards. On Testcontainers there is no
 * embedded database to stop, and the test is skipped.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
@DirtiesContext
class DatabaseOutageIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CHILD = "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\"}";

	@Autowired
	private ObjectProvider<EmbeddedPostgres> embeddedPostgres;

	@Test
	void answers503WithRetryAfterWhileTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = this.embeddedPostgres.getIfAvailable();
		assumeTrue(postgres != null, "runs only on the embedded PostgreSQL, which it can stop");
		EntityExchangeResult<String> up = get("/health");
		assertThat(up.getStatus().value()).isEqualTo(200);
		assertThat(JSON.readTree(up.getResponseBody()).toString()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(postChild().getStatus().value()).isEqualTo(201);

		postgres.close();

		EntityExchangeResult<String> list = get("/children");
		assertProblem(list, 503, "/children");
		assertThat(list.getResponseHeaders().getFirst("Retry-After")).isNotNull()
			.satisfies((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
		EntityExchangeResult<String> create = postChild();
		assertProblem(create, 503, "/children");
		assertThat(create.getResponseHeaders().containsHeader("Retry-After")).isTrue();
		// with an Idempotency-Key the key's transaction cannot begin: the same 503, and
		// nothing is remembered
		EntityExchangeResult<String> keyed = this.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "while-down")
			.body(CHILD)
			.exchange()
			.returnResult(String.class);
		assertProblem(keyed, 503, "/children");
		assertThat(keyed.getResponseHeaders().containsHeader("Retry-After")).isTrue();
		Problems.assertNoLeaks(keyed);
		EntityExchangeResult<String> down = get("/health");
		assertThat(down.getStatus().value()).isEqualTo(503);
		JsonNode health = JSON.readTree(down.getResponseBody());
		assertThat(health.toString()).isEqualTo("{\"status\":\"DOWN\"}");
		Problems.assertNoLeaks(down);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> postChild() {
		return this.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.body(CHILD)
			.exchange()
			.returnResult(String.class);
	}

}
