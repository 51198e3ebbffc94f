package com.talegenerator.tales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one place that decides which PostgreSQL the tests run on: a Testcontainers
 * {@code postgres:17} when a Docker engine answers, otherwise the embedded PostgreSQL 17
 * the service itself starts in its default mode, on a throw-away copy of a cluster made
 * once per test JVM.
 */
public final class TestDatabase {

	private static final boolean DOCKER = dockerAvailable();

	private static PostgreSQLContainer container;

	private static Path storageDirectory;

	/** The per-JVM directory that holds the template cluster and its copies. */
	private static Path clusters;

	private static Path template;

	private static int copies;

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
			// a fresh cluster per application context; the supplier is asked at every
			// read
			// of the property, so the copy is made once
			AtomicReference<String> cluster = new AtomicReference<>();
			registry.add("tales.database.embedded.data-directory",
					() -> cluster.updateAndGet((made) -> (made != null) ? made : copyOfTemplateCluster()));
		}
	}

	/**
	 * A new cluster for one application context: a copy of a cluster made once per JVM.
	 * Copying 40 MB takes a tenth of what {@code initdb} takes (about 2 s on a 2-core
	 * machine), and the suite starts a few dozen contexts.
	 */
	private static synchronized String copyOfTemplateCluster() {
		try {
			if (clusters == null) {
				clusters = Files.createTempDirectory("tales-clusters-");
				Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(clusters)));
				template = clusters.resolve("template");
				// started once so that initdb runs, stopped at once: only its files are
				// kept
				EmbeddedPostgres.builder().setDataDirectory(template).setCleanDataDirectory(false).start().close();
			}
			Path copy = clusters.resolve("context-" + (++copies));
			try (Stream<Path> files = Files.walk(template)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Files.copy(file, copy.resolve(template.relativize(file).toString()),
							StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
			return copy.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * At exit the contexts' servers are stopping at the same time, so what cannot be
	 * deleted yet is left to the temporary directory's own cleanup.
	 */
	private static void deleteQuietly(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// left behind in the temporary directory
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
