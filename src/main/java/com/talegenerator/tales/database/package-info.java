/**
 * Where the data lives: the embedded PostgreSQL of the default mode, the {@code tales}
 * schema naming and the {@code jsonb} conversions every aggregate uses.
 */
@NullMarked
package com.talegenerator.tales.database;

import org.jspecify.annotations.NullMarked;
