/**
 * Story heroes: {@code /heroes}, and their portraits.
 */
@ApplicationModule(
		allowedDependencies = { "auth", "database", "media", "paging", "storage", "web :: etag", "web :: problem" })
@NullMarked
package com.talegenerator.tales.hero;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
