/**
 * Story heroes: {@code /heroes}.
 */
@ApplicationModule(allowedDependencies = { "auth", "database", "paging", "web :: etag", "web :: problem" })
@NullMarked
package com.talegenerator.tales.hero;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
