package com.talegenerator.tales.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The default mode's database: a PostgreSQL 17 started by the service itself (zonky's
 * binaries), reachable on loopback only. PostgreSQL refuses to run as root; zonky then
 * runs it in a user namespace ({@code unshare -U}), which covers CI machines and
 * containers. Spring Boot connects to it through {@link JdbcConnectionDetails}, so the
 * pool, Flyway and everything else are configured exactly as for an external database.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort(properties.port())
			// zonky turns this off for test speed; a write we answered 2xx must survive a
			// crash
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("listen_addresses", "127.0.0.1");
		Path dataDirectory = properties.dataDirectory();
		if (dataDirectory != null && !dataDirectory.toString().isBlank()) {
			Path absolute = dataDirectory.toAbsolutePath().normalize();
			Files.createDirectories(absolute);
			stopOrphanedServer(absolute);
			builder.setDataDirectory(absolute).setCleanDataDirectory(false);
			log.info("Starting embedded PostgreSQL with data in {}", absolute);
		}
		return builder.start();
	}

	@Bean
	JdbcConnectionDetails embeddedJdbcConnectionDetails(EmbeddedPostgres postgres) {
		String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return "";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

	/**
	 * A service killed without its shutdown hook (kill -9) leaves its PostgreSQL running
	 * on the data directory, and the next start would fail. Its clients are gone with the
	 * old process, so a smart shutdown (SIGTERM) ends it at once.
	 */
	private static void stopOrphanedServer(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
		Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty()
				: parsePid(lines.get(0)).flatMap(ProcessHandle::of);
		if (server.isPresent() && server.get().isAlive()) {
			log.warn("Stopping the embedded PostgreSQL (pid {}) left running by an earlier start", server.get().pid());
			server.get().destroy();
			try {
				server.get().onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IOException("The PostgreSQL left running on " + dataDirectory + " did not stop", ex);
			}
		}
	}

	private static Optional<Long> parsePid(String line) {
		try {
			return Optional.of(Long.parseLong(line.trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
