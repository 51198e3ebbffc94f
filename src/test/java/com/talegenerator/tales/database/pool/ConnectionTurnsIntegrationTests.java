package com.talegenerator.tales.database.pool;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests wait their turn for a database connection: with every connection taken, a
 * request is answered 503 with {@code Retry-After} once the pool's timeout has passed,
 * what needs no connection is answered meanwhile, and the turn is there again as soon as
 * the connection is given back. Its own application context: a pool of two connections, a
 * short timeout.
 */
@TestPropertySource(properties = { "spring.datasource.hikari.maximum-pool-size=2",
		"spring.datasource.hikari.connection-timeout=300" })
@DirtiesContext
class ConnectionTurnsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private DataSource dataSource;

	@Test
	void answers503WhileEveryConnectionIsTakenAndServesAgainOnceOneIsBack() throws Exception {
		String id = this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Turns\",\"content\":\"Once upon a time…\",\"moral\":\"Wait your turn.\"}")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();

		try (Connection taken = this.dataSource.getConnection();
				Connection alsoTaken = this.dataSource.getConnection()) {
			Instant asked = Instant.now();
			EntityExchangeResult<String> waited = this.client.get()
				.uri("/stories/" + id)
				.exchange()
				.returnResult(String.class);

			assertProblem(waited, 503, "/stories/" + id);
			assertThat(waited.getResponseHeaders().containsHeader("Retry-After")).isTrue();
			assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			this.client.get().uri("/livez").exchange().expectStatus().isOk();
		}

		this.client.get().uri("/stories/" + id).exchange().expectStatus().isOk();
		this.client.get().uri("/stories?limit=1").exchange().expectStatus().isOk();
	}

}
