package com.talegenerator.tales.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the embedded PostgreSQL of the default mode.
 *
 * @param dataDirectory where the cluster keeps its files; kept across restarts. Without
 * one (tests) a throw-away directory is used and removed on shutdown.
 * @param port the port to listen on; {@code 0} picks a free one
 */
@ConfigurationProperties("tales.database.embedded")
public record EmbeddedDatabaseProperties(@Nullable Path dataDirectory, int port) {
}
