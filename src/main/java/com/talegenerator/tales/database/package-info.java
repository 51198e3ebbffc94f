/**
 * Where the data lives: the embedded PostgreSQL of the default mode, the database
 * connection settings, the {@code tales} schema naming and the {@code jsonb} conversions,
 * and the persistence helpers the features' repositories use (keyset pages, autocommit
 * reads). With the repositories, the only code that knows SQL.
 */
@ApplicationModule(allowedDependencies = { "paging", "settings" })
@NullMarked
package com.talegenerator.tales.database;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
