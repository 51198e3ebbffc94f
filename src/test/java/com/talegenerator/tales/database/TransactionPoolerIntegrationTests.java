package com.talegenerator.tales.database;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service behind a real transaction-mode pooler (PgBouncer on port 6543, as
 * Supabase's poolers run it) works without prepared-statement errors, while a plain JDBC
 * client with pgjdbc's default settings breaks on the same pooler. Needs the
 * {@code pgbouncer} binary ({@code .ci/run} installs it from Debian's packages); skipped
 * where it is missing.
 */
class TransactionPoolerIntegrationTests {

	private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

	/**
	 * Port 6543 on a loopback address of its own, so nothing else on the machine is in
	 * the way.
	 */
	private static final String POOLER_HOST = "127.0.0.2";

	@TempDir
	static Path directory;

	private static EmbeddedPostgres postgres;

	private static Process pgbouncer;

	@BeforeAll
	static void startPostgresBehindPgBouncer() throws Exception {
		assumeTrue(Files.isExecutable(PGBOUNCER), "pgbouncer is not installed");
		postgres = EmbeddedPostgres.builder().start();
		Files.writeString(directory.resolve("users.txt"), "\"postgres\" \"\"\n");
		Files.writeString(directory.resolve("pgbouncer.ini"), """
				[databases]
				postgres = host=127.0.0.1 port=%d dbname=postgres
				[pgbouncer]
				listen_addr = %s
				listen_port = %d
				unix_socket_dir =
				auth_type = trust
				auth_file = %s
				pool_mode = transaction
				default_pool_size = 2
				max_client_conn = 100
				""".formatted(postgres.getPort(), POOLER_HOST, PostgresAddress.TRANSACTION_POOLER_PORT,
				directory.resolve("users.txt")));
		// the files must be readable by the user pgbouncer switches to when started as
		// root
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		List<String> command = new ArrayList<>(List.of(PGBOUNCER.toString()));
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("-u", "nobody"));
		}
		command.add(directory.resolve("pgbouncer.ini").toString());
		pgbouncer = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("pgbouncer.log").toFile())
			.start();
		awaitPort(POOLER_HOST, PostgresAddress.TRANSACTION_POOLER_PORT);
	}

	@AfterAll
	static void stop() throws IOException {
		if (pgbouncer != null) {
			pgbouncer.destroy();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void aDefaultJdbcClientBreaksOnThePooler() throws Exception {
		// named statements appear from the fifth execution on; two clients on two pooled
		// server connections then meet each other's (or miss their own) statements
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
			try (Connection first = poolerConnection(); Connection second = poolerConnection()) {
				for (int i = 0; i < 20; i++) {
					selectOne(first);
					selectOne(second);
				}
			}
		}).withMessageContaining("prepared statement");
	}

	@Test
	void theServiceWorksThroughThePooler() throws Exception {
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(TalesApplication.class).run(
				"--server.port=0", "--tales.storage.local-directory=" + directory.resolve("storage"),
				"--tales.database.url=postgresql://postgres@" + POOLER_HOST + ":6543/postgres",
				"--tales.database.migration-url=postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres",
				"--spring.datasource.hikari.maximum-pool-size=8", "--tales.auth.mode=none")) {
			int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			RestTestClient rest = RestTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.requestInterceptor(new OpenApiValidatingInterceptor(() -> port))
				.build();
			ExecutorService clients = Executors.newFixedThreadPool(8);
			try {
				List<Future<List<Integer>>> results = new ArrayList<>();
				for (int client = 0; client < 8; client++) {
					int number = client;
					results.add(clients.submit(() -> workload(rest, number)));
				}
				for (Future<List<Integer>> result : results) {
					assertThat(result.get()).allMatch((status) -> status >= 200 && status < 300);
				}
			}
			finally {
				clients.shutdownNow();
			}
		}
	}

	/** The same statements many times from one client: creates, reads, lists, ratings. */
	private static List<Integer> workload(RestTestClient rest, int client) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			String story = "{\"title\":\"Pooled " + client + "-" + i
					+ "\",\"content\":\"c\",\"moral\":\"m\",\"language\":\"ru\"}";
			// every other create with an Idempotency-Key, retried: its advisory lock is a
			// transaction one, which a transaction-mode pooler keeps on one connection
			String key = (i % 2 == 0) ? "pooled-" + client + "-" + i : null;
			EntityExchangeResult<JsonNode> created = create(rest, story, key);
			statuses.add(created.getStatus().value());
			String id = created.getResponseBody().get("id").asString();
			if (key != null) {
				EntityExchangeResult<JsonNode> retry = create(rest, story, key);
				assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
				assertThat(retry.getResponseBody().get("id").asString()).isEqualTo(id);
				statuses.add(retry.getStatus().value());
			}
			statuses.add(status(rest.get().uri("/stories/" + id)));
			statuses.add(status(rest.put()
				.uri("/stories/" + id + "/rating")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"rating\":7}")));
			statuses.add(status(rest.get().uri("/stories?language=ru&limit=5")));
			statuses.add(status(rest.get().uri("/stats")));
		}
		return statuses;
	}

	private static EntityExchangeResult<JsonNode> create(RestTestClient rest, String story, String key) {
		return rest.post().uri("/stories").contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		}).body(story).exchange().returnResult(JsonNode.class);
	}

	private static int status(RestTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().returnResult().getStatus().value();
	}

	private static Connection poolerConnection() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		return DriverManager.getConnection("jdbc:postgresql://" + POOLER_HOST + ":6543/postgres", properties);
	}

	private static void selectOne(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
				ResultSet result = statement.executeQuery()) {
			assertThat(result.next()).isTrue();
		}
	}

	private static void awaitPort(String host, int port) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (Instant.now().isBefore(deadline)) {
			try (Socket socket = new Socket(host, port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("pgbouncer did not start; see " + directory.resolve("pgbouncer.log"));
	}

}
