/**
 * Newest-first lists with keyset pagination: the page asked for, its opaque cursor, the
 * filters, {@code fields=}, and the {@code Link} header of the next page. Features use it
 * in their controllers and services; the SQL is the database's.
 */
@ApplicationModule(allowedDependencies = { "web :: problem" })
@NullMarked
package com.talegenerator.tales.paging;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
