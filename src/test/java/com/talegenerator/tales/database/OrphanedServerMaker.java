package com.talegenerator.tales.database;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link EmbeddedDatabaseIntegrationTests}: starts the embedded
 * PostgreSQL on a data directory, then dies without running shutdown hooks, as a
 * {@code kill -9} would, leaving the server running.
 */
public final class OrphanedServerMaker {

	private OrphanedServerMaker() {
	}

	public static void main(String[] args) throws Exception {
		new EmbeddedDatabaseConfiguration().embeddedPostgres(new EmbeddedDatabaseProperties(Path.of(args[0]), 0));
		Runtime.getRuntime().halt(0);
	}

}
