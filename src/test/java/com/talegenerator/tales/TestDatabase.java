package com.talegenerator.tales;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one place that decides which PostgreSQL the tests run on: a Testcontainers
 * {@code postgres:17} when a Docker engine answers, otherwise the embedded PostgreSQL 17
 * the service itself starts in its default mode (with a throw-away data directory).
 */
public final class TestDatabase {

	private static final boolean DOCKER = dockerAvailable();

	private static PostgreSQLContainer container;

	private TestDatabase() {
	}

	/** Points the application under test at the chosen database. */
	public static void register(DynamicPropertyRegistry registry) {
		if (DOCKER) {
			PostgreSQLContainer postgres = container();
			registry.add("spring.datasource.url", postgres::getJdbcUrl);
			registry.add("spring.datasource.username", postgres::getUsername);
			registry.add("spring.datasource.password", postgres::getPassword);
		}
		else {
			// blank: a fresh temporary cluster per application context, removed when it
			// stops
			registry.add("tales.database.embedded.data-directory", () -> "");
		}
	}

	private static synchronized PostgreSQLContainer container() {
		if (container == null) {
			container = new PostgreSQLContainer("postgres:17");
			container.start();
		}
		return container;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
