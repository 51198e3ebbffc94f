package com.talegenerator.tales.database;

import java.util.HashMap;
import java.util.Map;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The settings derived from each of the three connection strings the Supabase dashboard
 * shows, and from JDBC URLs.
 */
class DatabaseConnectionEnvironmentPostProcessorTests {

	private static final String PASSWORD = "s3cr%40t%2Fpw";

	private final DatabaseConnectionEnvironmentPostProcessor postProcessor = new DatabaseConnectionEnvironmentPostProcessor(
			(log) -> log.get());

	@Test
	void readsTheDirectConnection() {
		Map<String, Object> derived = derive(Map.of("tales.database.url",
				"postgresql://postgres:" + PASSWORD + "@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"));

		assertThat(derived).containsExactly(entry("spring.datasource.username", "postgres"),
				entry("spring.datasource.password", "s3cr@t/pw"), entry("spring.datasource.url",
						"jdbc:postgresql://db.abcdefghijklmnopqrst.supabase.co:5432/postgres?sslmode=require"));
	}

	@Test
	void readsTheSessionPooler() {
		Map<String, Object> derived = derive(Map.of("tales.database.url", "postgresql://postgres.abcdefghijklmnopqrst:"
				+ PASSWORD + "@aws-0-eu-central-1.pooler.supabase.com:5432/postgres"));

		assertThat(derived).containsExactly(entry("spring.datasource.username", "postgres.abcdefghijklmnopqrst"),
				entry("spring.datasource.password", "s3cr@t/pw"), entry("spring.datasource.url",
						"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require"));
	}

	@Test
	void turnsOffPreparedStatementsOnTheTransactionPoolerAndMigratesThroughTheSessionPort() {
		Map<String, Object> derived = derive(Map.of("tales.database.url", "postgresql://postgres.abcdefghijklmnopqrst:"
				+ PASSWORD + "@aws-0-eu-central-1.pooler.supabase.com:6543/postgres"));

		assertThat(derived).containsExactly(entry("spring.datasource.username", "postgres.abcdefghijklmnopqrst"),
				entry("spring.datasource.password", "s3cr@t/pw"),
				entry("spring.datasource.url",
						"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?prepareThreshold=0&sslmode=require"),
				entry("spring.flyway.url",
						"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require"),
				entry("spring.flyway.user", "postgres.abcdefghijklmnopqrst"),
				entry("spring.flyway.password", "s3cr@t/pw"));
	}

	@Test
	void migratesWhereMigrationDatabaseUrlSays() {
		Map<String, Object> derived = derive(Map.of("tales.database.url",
				"postgresql://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:6543/postgres",
				"tales.database.migration-url",
				"postgresql://migrator:other@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"));

		assertThat(derived).contains(
				entry("spring.flyway.url",
						"jdbc:postgresql://db.abcdefghijklmnopqrst.supabase.co:5432/postgres?sslmode=require"),
				entry("spring.flyway.user", "migrator"), entry("spring.flyway.password", "other"));
	}

	@Test
	void refusesToMigrateThroughATransactionPooler() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", "postgresql://u:p@db.example.com:5432/postgres",
					"tales.database.migration-url", "postgresql://u:p@pool.example.com:6543/postgres")))
			.withMessageStartingWith("MIGRATION_DATABASE_URL");
	}

	@Test
	void leavesLocalAndPrivateHostsWithoutTls() {
		assertThat(derive(Map.of("tales.database.url", "postgresql://tales:tales@localhost:5432/tales")))
			.containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/tales");
		assertThat(derive(Map.of("tales.database.url", "postgres://tales:tales@db/tales")))
			.containsEntry("spring.datasource.url", "jdbc:postgresql://db:5432/tales");
		assertThat(derive(Map.of("tales.database.url", "postgresql://tales@127.0.0.1:5433/tales")))
			.containsEntry("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5433/tales")
			.containsEntry("spring.datasource.password", "");
	}

	@Test
	void keepsAVerifyingSslModeAndRefusesNone() {
		assertThat(derive(Map.of("tales.database.url",
				"postgresql://u:p@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=/certs/prod-ca-2021.crt")))
			.containsEntry("spring.datasource.url",
					"jdbc:postgresql://db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=%2Fcerts%2Fprod-ca-2021.crt");
		for (String mode : new String[] { "disable", "allow", "prefer" }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> derive(
						Map.of("tales.database.url", "postgresql://u:p@db.example.com:5432/postgres?sslmode=" + mode)))
				.withMessageContaining("DATABASE_URL")
				.withMessageContaining("TLS is required");
		}
	}

	@Test
	void appliesTheSameRulesToAJdbcUrl() {
		Map<String, Object> derived = derive(Map.of("spring.datasource.url",
				"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres", "spring.datasource.username",
				"postgres.ref", "spring.datasource.password", "pw"));

		assertThat(derived).containsExactly(entry("spring.datasource.url",
				"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?prepareThreshold=0&sslmode=require"),
				entry("spring.flyway.url",
						"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require"),
				entry("spring.flyway.user", "postgres.ref"), entry("spring.flyway.password", "pw"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(
					() -> derive(Map.of("spring.datasource.url", "jdbc:postgresql://db.example.com/x?sslmode=disable")))
			.withMessageStartingWith("SPRING_DATASOURCE_URL");
	}

	@Test
	void leavesAnExplicitFlywayUrlAlone() {
		assertThat(derive(Map.of("spring.datasource.url", "jdbc:postgresql://localhost:6543/postgres",
				"spring.flyway.url", "jdbc:postgresql://localhost:5432/postgres")))
			.doesNotContainKey("spring.flyway.url");
	}

	@Test
	void derivesNothingWithoutADatabaseSetting() {
		assertThat(derive(Map.of())).isEmpty();
	}

	@Test
	void refusesBrokenOrConflictingSettingsWithoutEchoingThePassword() {
		String leaky = "postgresql://postgres:p@ss#word@db.example.com:5432/postgres";
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", leaky)))
			.withMessageStartingWith("DATABASE_URL")
			.withMessageNotContaining("ss#word");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", "mysql://u:p@db.example.com/x")))
			.withMessageContaining("postgresql://");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", "postgresql://db.example.com:5432/postgres")))
			.withMessageContaining("names no user");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", "postgresql://u:p@db.example.com:5432/")))
			.withMessageContaining("must name one database");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> derive(Map.of("tales.database.url", "postgresql://u:p@localhost/x",
					"spring.datasource.url", "jdbc:postgresql://localhost/x")))
			.withMessageContaining("not both");
	}

	private Map<String, Object> derive(Map<String, String> settings) {
		return this.postProcessor.derive(new HashMap<>(settings)::get);
	}

}
