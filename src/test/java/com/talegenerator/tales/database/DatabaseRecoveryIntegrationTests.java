package com.talegenerator.tales.database;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.TalesApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stops in the middle of traffic and comes back: while it is gone every
 * request fails fast with a 503 problem and {@code /health} says DOWN; once it is back
 * the service serves again without a restart, and every write that was answered 201 is
 * there.
 */
class DatabaseRecoveryIntegrationTests {

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

	@TempDir
	Path directory;

	@Test
	void failsFastWhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
		int port = freePort();
		Path data = this.directory.resolve("pgdata");
		EmbeddedPostgres restarted = null;
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(TalesApplication.class).run(
				"--server.port=0", "--tales.database.embedded.data-directory=" + data,
				"--tales.database.embedded.port=" + port,
				"--tales.storage.local-directory=" + this.directory.resolve("storage"),
				"--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT.toMillis())) {
			HttpApi api = new HttpApi("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
			List<Outcome> outcomes = new CopyOnWriteArrayList<>();
			ExecutorService clients = Executors.newFixedThreadPool(4);
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
			for (int client = 0; client < 4; client++) {
				int number = client;
				clients.submit(() -> {
					for (int i = 0; System.nanoTime() < end; i++) {
						long start = System.nanoTime();
						HttpApi.Response response = api.post("/children",
								"{\"name\":\"Survivor " + number + "-" + i + "\",\"age\":5,\"gender\":\"girl\"}");
						outcomes.add(new Outcome(response, Duration.ofNanos(System.nanoTime() - start)));
					}
				});
			}

			Thread.sleep(2000);
			service.getBean(EmbeddedPostgres.class).close();
			Thread.sleep(2500);
			HttpApi.Response downHealth = api.get("/health");
			restarted = new EmbeddedDatabaseConfiguration()
				.embeddedPostgres(new EmbeddedDatabaseProperties(data, port));
			clients.shutdown();
			assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

			assertThat(downHealth.status()).isEqualTo(503);
			assertThat(downHealth.json().get("status").asString()).isEqualTo("DOWN");
			List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.response().status() != 201).toList();
			assertThat(failed).as("requests while the database was down").isNotEmpty();
			assertThat(failed).allSatisfy((outcome) -> {
				assertThat(outcome.response().status()).isEqualTo(503);
				assertThat(outcome.response().header("Retry-After")).isPresent();
				assertThat(outcome.response().header("Content-Type")).hasValue("application/problem+json");
				// bounded by the pool's connection timeout: no request waits for the
				// database to return
				assertThat(outcome.took()).isLessThan(CONNECTION_TIMEOUT.plusSeconds(3));
			});
			List<String> created = outcomes.stream()
				.filter((outcome) -> outcome.response().status() == 201)
				.map((outcome) -> outcome.response().json().get("id").asString())
				.toList();
			assertThat(api.get("/health").status()).isEqualTo(200);
			assertThat(api.post("/children", "{\"name\":\"After\",\"age\":5,\"gender\":\"girl\"}").status())
				.isEqualTo(201);
			List<String> missing = new ArrayList<>();
			for (String id : created) {
				if (api.get("/children/" + id).status() != 200) {
					missing.add(id);
				}
			}
			assertThat(missing).as("writes answered 201 but lost").isEmpty();
		}
		finally {
			if (restarted != null) {
				restarted.close();
			}
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Outcome(HttpApi.Response response, Duration took) {
	}

}
