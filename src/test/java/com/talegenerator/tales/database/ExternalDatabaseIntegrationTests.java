package com.talegenerator.tales.database;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code SPRING_DATASOURCE_URL} set, the service uses that PostgreSQL (here one the
 * test starts itself, standing in for any server) and starts nothing embedded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ExternalDatabaseIntegrationTests {

	private static final EmbeddedPostgres EXTERNAL = startExternal();

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void externalDatabase(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> EXTERNAL.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add("tales.auth.mode", () -> "none");
	}

	@Test
	void usesTheConfiguredDatabaseAndStartsNothingEmbedded() {
		assertThat(this.context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
		JdbcTemplate external = new JdbcTemplate(EXTERNAL.getPostgresDatabase());
		assertThat(external.queryForObject(
				"SELECT count(*) FROM tales.flyway_schema_history WHERE success AND version IS NOT NULL", Long.class))
			.isGreaterThanOrEqualTo(10);
		this.context.getBean(JdbcTemplate.class)
			.update("INSERT INTO tales.children (name, age, gender) VALUES ('External', 4, 'girl')");
		assertThat(external.queryForObject("SELECT count(*) FROM tales.children WHERE name = 'External'", Long.class))
			.isEqualTo(1);
	}

	private static EmbeddedPostgres startExternal() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
