package com.talegenerator.tales.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service started at the same moment on one empty database (a
 * rolling deploy, two replicas, a restart that overlaps the old process) both come up,
 * and the schema is built once: each migration is applied exactly once, none fails, and
 * the empty database is not mistaken for a hand-made schema to baseline. Both race to
 * create schema {@code tales}: the loser's {@code CREATE SCHEMA} fails on PostgreSQL's
 * unique schema name, Flyway retries it and finds the schema and its history table, and
 * Flyway's advisory lock then lets one migration run at a time.
 */
class ConcurrentStartIntegrationTests {

	private static final List<String> MIGRATIONS = List.of("001", "002", "003", "004", "005", "006", "007", "008",
			"009", "010", "011", "012", "013", "014", "015", "016", "017");

	@Test
	void twoInstancesStartedTogetherBothComeUpAndMigrateOnce() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			List<RunningService> services = startTogether(postgres, 2);
			try {
				for (RunningService service : services) {
					service.client()
						.get()
						.uri("/health")
						.exchange()
						.expectStatus()
						.isOk()
						.expectBody()
						.jsonPath("$.status")
						.isEqualTo("UP");
				}

				JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
				List<Map<String, Object>> migrations = jdbc.queryForList("SELECT version, success"
						+ " FROM tales.flyway_schema_history WHERE type = 'SQL' ORDER BY installed_rank");
				assertThat(migrations).extracting((row) -> row.get("version")).containsExactlyElementsOf(MIGRATIONS);
				assertThat(migrations).allSatisfy((row) -> assertThat(row).containsEntry("success", true));
				assertThat(
						jdbc.queryForObject("SELECT bool_and(success) FROM tales.flyway_schema_history", Boolean.class))
					.isTrue();
				// the instance that lost the race to create the schema did not take the
				// empty database for a hand-made schema to baseline
				assertThat(jdbc.queryForObject(
						"SELECT count(*) FROM tales.flyway_schema_history WHERE type = 'BASELINE'", Integer.class))
					.isZero();
			}
			finally {
				services.forEach(RunningService::close);
			}
		}
	}

	/**
	 * Starts {@code count} instances, each in its own thread, released together by a
	 * barrier. If any fails, the ones that started are closed and the failure thrown.
	 */
	private static List<RunningService> startTogether(EmbeddedPostgres postgres, int count)
			throws InterruptedException {
		CyclicBarrier barrier = new CyclicBarrier(count);
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			List<Future<RunningService>> starts = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				starts.add(threads.submit(() -> {
					barrier.await(1, TimeUnit.MINUTES);
					return RunningService.start(postgres);
				}));
			}
			List<RunningService> started = new ArrayList<>();
			List<Throwable> failures = new ArrayList<>();
			for (Future<RunningService> start : starts) {
				try {
					started.add(start.get(5, TimeUnit.MINUTES));
				}
				catch (ExecutionException ex) {
					failures.add(ex.getCause());
				}
				catch (TimeoutException ex) {
					failures.add(ex);
				}
			}
			if (!failures.isEmpty()) {
				started.forEach(RunningService::close);
				AssertionError error = new AssertionError(
						failures.size() + " of " + count + " instances started together failed to start",
						failures.get(0));
				failures.stream().skip(1).forEach(error::addSuppressed);
				throw error;
			}
			return started;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
