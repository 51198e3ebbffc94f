/**
 * A family's data as a whole: its export (rows and stored files in one zip) and its
 * erasure (every row at once, the files through the removal queue), for the parents
 * ({@code /me}) and the back-office ({@code /users/{userId}}).
 */
@ApplicationModule(
		allowedDependencies = { "auth", "child", "hero", "idempotency", "story", "media", "storage", "web :: problem" })
@NullMarked
package com.talegenerator.tales.family;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
