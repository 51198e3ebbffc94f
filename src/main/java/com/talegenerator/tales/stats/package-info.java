/**
 * Counts over the whole collection: {@code /stats}.
 */
@ApplicationModule(allowedDependencies = { "auth" })
@NullMarked
package com.talegenerator.tales.stats;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
