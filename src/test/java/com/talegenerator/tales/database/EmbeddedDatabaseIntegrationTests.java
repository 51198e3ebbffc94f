package com.talegenerator.tales.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default mode's PostgreSQL: version 17, and what it stores is still there after a
 * restart on the same data directory (as for {@code ./.tales/pgdata}).
 */
class EmbeddedDatabaseIntegrationTests {

	@TempDir
	Path dataRoot;

	@Test
	void keepsDataAcrossRestarts() throws Exception {
		Path dataDirectory = this.dataRoot.resolve("pgdata");
		EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();
		EmbeddedDatabaseProperties properties = new EmbeddedDatabaseProperties(dataDirectory, 0);

		try (EmbeddedPostgres first = configuration.embeddedPostgres(properties)) {
			JdbcTemplate jdbc = new JdbcTemplate(first.getPostgresDatabase());
			assertThat(jdbc.queryForObject("SHOW server_version_num", Integer.class)).isBetween(170000, 179999);
			assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
			jdbc.execute("CREATE TABLE kept (value text)");
			jdbc.update("INSERT INTO kept VALUES ('still here')");
		}
		assertThat(Files.exists(dataDirectory.resolve("PG_VERSION"))).isTrue();

		try (EmbeddedPostgres second = configuration.embeddedPostgres(properties)) {
			JdbcTemplate jdbc = new JdbcTemplate(second.getPostgresDatabase());
			assertThat(jdbc.queryForObject("SELECT value FROM kept", String.class)).isEqualTo("still here");
		}
	}

	@Test
	void stopsAServerLeftRunningByAKilledService() throws Exception {
		Path dataDirectory = this.dataRoot.resolve("orphan");
		Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), OrphanedServerMaker.class.getName(), dataDirectory.toString())
			.inheritIO()
			.start();
		assertThat(killed.waitFor(120, TimeUnit.SECONDS)).isTrue();
		long orphanPid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).hasValue(true);

		EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();
		try (EmbeddedPostgres restarted = configuration
			.embeddedPostgres(new EmbeddedDatabaseProperties(dataDirectory, 0))) {
			JdbcTemplate jdbc = new JdbcTemplate(restarted.getPostgresDatabase());
			assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
		}
		assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
	}

}
