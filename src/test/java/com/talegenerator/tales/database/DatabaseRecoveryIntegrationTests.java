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

import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stops in the middle of traffic and comes back: while it is gone every
 * request fails fast with a 503 problem and {@code /health} says DOWN; once it is back
 * the service serves again without a restart, and every write that was answered 201 is
 * there.
 */
class DatabaseRecoveryIntegrationTests {

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
			int servicePort = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			RestTestClient rest = RestTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + servicePort)
				.requestInterceptor(new OpenApiValidatingInterceptor(() -> servicePort))
				.build();
			List<Outcome> outcomes = new CopyOnWriteArrayList<>();
			ExecutorService clients = Executors.newFixedThreadPool(4);
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
			for (int client = 0; client < 4; client++) {
				int number = client;
				clients.submit(() -> {
					for (int i = 0; System.nanoTime() < end; i++) {
						long start = System.nanoTime();
						EntityExchangeResult<String> response = postChild(rest,
								"{\"name\":\"Survivor " + number + "-" + i + "\",\"age\":5,\"gender\":\"girl\"}");
						outcomes.add(new Outcome(response.getStatus().value(), response.getResponseHeaders(),
								response.getResponseBody(), Duration.ofNanos(System.nanoTime() - start)));
					}
				});
			}

			Thread.sleep(2000);
			service.getBean(EmbeddedPostgres.class).close();
			Thread.sleep(2500);
			EntityExchangeResult<String> downHealth = get(rest, "/health");
			restarted = new EmbeddedDatabaseConfiguration()
				.embeddedPostgres(new EmbeddedDatabaseProperties(data, port));
			clients.shutdown();
			assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

			assertThat(downHealth.getStatus().value()).isEqualTo(503);
			assertThat(JSON.readTree(downHealth.getResponseBody()).get("status").asString()).isEqualTo("DOWN");
			List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.status() != 201).toList();
			assertThat(failed).as("requests while the database was down").isNotEmpty();
			assertThat(failed).allSatisfy((outcome) -> {
				assertThat(outcome.status()).isEqualTo(503);
				assertThat(outcome.headers().containsHeader(HttpHeaders.RETRY_AFTER)).isTrue();
				assertThat(outcome.headers().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/problem+json");
				// bounded by the pool's connection timeout: no request waits for the
				// database to return
				assertThat(outcome.took()).isLessThan(CONNECTION_TIMEOUT.plusSeconds(3));
			});
			List<String> created = outcomes.stream()
				.filter((outcome) -> outcome.status() == 201)
				.map((outcome) -> JSON.readTree(outcome.body()).get("id").asString())
				.toList();
			assertThat(get(rest, "/health").getStatus().value()).isEqualTo(200);
			assertThat(postChild(rest, "{\"name\":\"After\",\"age\":5,\"gender\":\"girl\"}").getStatus().value())
				.isEqualTo(201);
			List<String> missing = new ArrayList<>();
			for (String id : created) {
				if (get(rest, "/children/" + id).getStatus().value() != 200) {
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

	private static EntityExchangeResult<String> get(RestTestClient client, String path) {
		return client.get().uri(path).exchange().returnResult(String.class);
	}

	private static EntityExchangeResult<String> postChild(RestTestClient client, String json) {
		return client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private record Outcome(int status, HttpHeaders headers, @Nullable String body, Duration took) {
	}

}
