/**
 * Children's profiles: {@code /children}.
 */
@ApplicationModule(allowedDependencies = { "auth", "database", "paging", "web :: etag", "web :: problem" })
@NullMarked
package com.talegenerator.tales.child;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
