/**
 * The connection pool: Hikari, with requests beyond its connections waiting in the order
 * they asked. Only the database package configures it.
 */
@NullMarked
package com.talegenerator.tales.database.pool;

import org.jspecify.annotations.NullMarked;
