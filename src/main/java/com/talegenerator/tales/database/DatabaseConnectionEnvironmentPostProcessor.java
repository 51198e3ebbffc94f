package com.talegenerator.tales.database;

import java.util.LinkedHashMap;
import java.util.Map;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the database settings a Supabase user has into the ones Spring Boot reads, before
 * anything connects:
 * <ul>
 * <li>the dashboard's connection string ({@code DATABASE_URL} or {@code SUPABASE_DB_URL})
 * becomes {@code spring.datasource.url}, username and password;</li>
 * <li>a remote host gets {@code sslmode=require}, and a setting that turns TLS off for
 * one stops the start-up;</li>
 * <li>on a transaction pooler (port 6543) named prepared statements are turned off
 * ({@code prepareThreshold=0}), and Flyway, which needs a session for its lock and search
 * path, migrates through port 5432 of the same host (the session pooler, or the direct
 * connection behind a dedicated PgBouncer) unless {@code MIGRATION_DATABASE_URL} says
 * otherwise.</li>
 * </ul>
 */
class DatabaseConnectionEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String CONNECTION_STRING = "tales.database.url";

	static final String MIGRATION_CONNECTION_STRING = "tales.database.migration-url";

	private final Log log;

	DatabaseConnectionEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(DatabaseConnectionEnvironmentPostProcessor.class);
	}

	/**
	 * After application.properties is read, before the run mode is chosen from the
	 * result.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> derived = derive(environment::getProperty);
		if (!derived.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource("talesDatabaseConnection", derived));
		}
	}

	/** The properties to add, computed from the ones {@code settings} returns. */
	Map<String, Object> derive(Settings settings) {
		String connectionString = settings.get(CONNECTION_STRING);
		String jdbcUrl = settings.get("spring.datasource.url");
		Map<String, Object> derived = new LinkedHashMap<>();
		PostgresAddress database;
		String setting;
		if (StringUtils.hasText(connectionString)) {
			if (StringUtils.hasText(jdbcUrl)) {
				throw new InvalidSettingException(
						"Set the database either as DATABASE_URL (or SUPABASE_DB_URL) or as SPRING_DATASOURCE_URL, not both");
			}
			setting = "DATABASE_URL";
			database = PostgresAddress.fromConnectionString(setting, connectionString);
			if (database.username() == null) {
				throw new InvalidSettingException(setting + " names no user: postgresql://user:password@host:port/db");
			}
			derived.put("spring.datasource.username", database.username());
			derived.put("spring.datasource.password", (database.password() != null) ? database.password() : "");
		}
		else if (StringUtils.hasText(jdbcUrl)) {
			setting = "SPRING_DATASOURCE_URL";
			database = PostgresAddress.fromJdbcUrl(setting, jdbcUrl.strip());
			if (database == null) {
				return derived;
			}
		}
		else {
			return derived;
		}
		database = database.requireTls(setting);
		if (database.isTransactionPooler()) {
			database = database.withParameter("prepareThreshold", "0");
		}
		derived.put("spring.datasource.url", database.jdbcUrl());
		deriveMigrationConnection(settings, database, derived);
		this.log.info("Database " + database + (database.isTransactionPooler()
				? " (transaction pooler: prepared statements off, migrations through " + migrationTarget(derived) + ")"
				: ""));
		return derived;
	}

	private void deriveMigrationConnection(Settings settings, PostgresAddress database, Map<String, Object> derived) {
		String migrationString = settings.get(MIGRATION_CONNECTION_STRING);
		if (StringUtils.hasText(migrationString)) {
			PostgresAddress migrations = PostgresAddress.fromConnectionString("MIGRATION_DATABASE_URL", migrationString)
				.requireTls("MIGRATION_DATABASE_URL");
			if (migrations.isTransactionPooler()) {
				throw new InvalidSettingException("MIGRATION_DATABASE_URL points at a transaction pooler (port 6543): "
						+ "migrations need a session, use the direct connection or the session pooler (port 5432)");
			}
			derived.put("spring.flyway.url", migrations.jdbcUrl());
			derived.put("spring.flyway.user",
					firstNonNull(migrations.username(), derived.get("spring.datasource.username")));
			derived.put("spring.flyway.password",
					firstNonNull(migrations.password(), derived.get("spring.datasource.password")));
		}
		else if (database.isTransactionPooler() && !StringUtils.hasText(settings.get("spring.flyway.url"))) {
			PostgresAddress session = database.withoutParameter("prepareThreshold")
				.withPort(PostgresAddress.SESSION_PORT);
			derived.put("spring.flyway.url", session.jdbcUrl());
			putIfPresent(derived, "spring.flyway.user", firstNonNull(derived.get("spring.datasource.username"),
					settings.get("spring.datasource.username")));
			putIfPresent(derived, "spring.flyway.password", firstNonNull(derived.get("spring.datasource.password"),
					settings.get("spring.datasource.password")));
		}
	}

	private static String migrationTarget(Map<String, Object> derived) {
		Object url = derived.get("spring.flyway.url");
		return (url != null) ? url.toString().replaceFirst("\\?.*", "") : "the same connection";
	}

	private static @Nullable Object firstNonNull(@Nullable Object first, @Nullable Object second) {
		return (first != null) ? first : second;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/** Reads a property; the environment in production, a map in tests. */
	@FunctionalInterface
	interface Settings {

		@Nullable String get(String name);

	}

}
