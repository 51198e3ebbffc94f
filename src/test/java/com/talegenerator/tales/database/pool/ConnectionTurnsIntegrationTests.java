package com.talegenerator.tales.database.pool;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests wait their turn for a database connection: with every connection taken, a
 * request is answered 503 with {@code Retry-After} once the pool's timeout has passed,
 * what needs no connection is answered meanwhile, and the turn is there again as soon as
 * the connection is given back. Its own application context: a pool of one connection, a
 * short timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.maximum-pool-size=2",
				"spring.datasource.hikari.connection-timeout=300" })
@DirtiesContext
class ConnectionTurnsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Test
	void answers503WhileEveryConnectionIsTakenAndServesAgainOnceOneIsBack() throws Exception {
		HttpApi api = new HttpApi("http://127.0.0.1:" + this.port);
		String id = api
			.post("/stories",
					HttpApi.json(Map.of("title", "Turns", "content", "Once upon a time…", "moral", "Wait your turn.")))
			.json()
			.get("id")
			.asString();

		try (Connection taken = this.dataSource.getConnection();
				Connection alsoTaken = this.dataSource.getConnection()) {
			Instant asked = Instant.now();
			HttpApi.Response waited = api.get("/stories/" + id);

			assertProblem(waited, 503, "/stories/" + id);
			assertThat(waited.header("Retry-After")).isPresent();
			assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(api.get("/livez").status()).isEqualTo(200);
		}

		assertThat(api.get("/stories/" + id).status()).isEqualTo(200);
		assertThat(api.get("/stories?limit=1").status()).isEqualTo(200);
	}

}
