package com.talegenerator.tales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

	private static Path storageDirectory;

	private TestDatabase() {
	}

	/**
	 * Points the application under test at the chosen database, and its local file
	 * storage at a throw-away directory (never the developer's {@code ./.tales}).
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.local-directory", TestDatabase::storageDirectory);
		if (DOCKER) {
			PostgreSQLContainer postgres = container();
			registry.add("spring.datasource.url", postgres::getJdbcUrl);
			registry.add("spring.datasource.username", postgres::getUsername);
			registry.add("spring.datasource.password", postgres::getPassword);
			// as with the embedded database: features are tested without tokens, auth on
			// its own
			registry.add("tales.auth.mode", () -> "none");
		}
		else {
			// blank: a fresh temporary cluster per application context, removed when it
			// stops
			registry.add("tales.database.embedded.data-directory", () -> "");
		}
	}

	private static synchronized String storageDirectory() {
		if (storageDirectory == null) {
			try {
				storageDirectory = Files.createTempDirectory("tales-storage-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return storageDirectory.toString();
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
