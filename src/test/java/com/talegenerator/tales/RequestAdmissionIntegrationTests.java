package com.talegenerator.tales;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API requests take turns: with room for one at a time, a request waits while another is
 * worked on, and is answered 503 with {@code Retry-After} when its turn does not come in
 * time; requests that need no turn (the probes) are answered meanwhile, and every turn is
 * given back. Its own application context: one turn, a short wait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tales.http.admission.max-concurrent=1", "tales.http.admission.max-wait=300ms" })
@DirtiesContext
class RequestAdmissionIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Test
	void answersARequestWhoseTurnDoesNotComeWith503AndGivesEveryTurnBack() throws Exception {
		HttpApi api = new HttpApi("http://127.0.0.1:" + this.port);
		HttpApi.Response created = api.post("/stories",
				HttpApi.json(Map.of("title", "Turns", "content", "Once upon a time…", "moral", "Wait your turn.")));
		String id = created.json().get("id").asString();
		String etag = created.header("ETag").orElseThrow();
		ExecutorService client = Executors.newSingleThreadExecutor();
		try (Connection holder = this.dataSource.getConnection()) {
			// the story's row locked elsewhere: a conditional rating holds the only turn
			// while it waits for that lock
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder
				.prepareStatement("SELECT 1 FROM tales.stories WHERE id = ?::uuid FOR UPDATE")) {
				lock.setString(1, id);
				lock.executeQuery().close();
			}
			Future<HttpApi.Response> rating = client
				.submit(() -> api.exchange("PUT", "/stories/" + id + "/rating", "{\"rating\":7}", "If-Match", etag));
			awaitOneBackendWaitingForALock();

			Instant asked = Instant.now();
			HttpApi.Response waited = api.get("/stories/" + id);

			assertProblem(waited, 503, "/stories/" + id);
			assertThat(waited.header("Retry-After")).isPresent();
			assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(api.get("/livez").status()).isEqualTo(200);
			assertThat(rating.isDone()).isFalse();
			holder.rollback();
			assertThat(rating.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			client.shutdownNow();
		}
		assertThat(api.get("/stories/" + id).json().get("rating").asInt()).isEqualTo(7);
		assertThat(api.get("/stories?limit=1").status()).isEqualTo(200);
	}

	private void awaitOneBackendWaitingForALock() throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (Instant.now().isBefore(deadline)) {
			Integer waiting = this.jdbc.queryForObject(
					"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
					Integer.class);
			if (waiting != null && waiting == 1) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the rating never waited for the row lock");
	}

}
