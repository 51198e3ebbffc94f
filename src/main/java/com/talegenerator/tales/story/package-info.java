/**
 * Generated bedtime stories: {@code /stories}, {@code /children/{id}/stories}, ratings,
 * and each story's audio and thumbnail.
 */
@ApplicationModule(allowedDependencies = { "auth", "child", "database", "media", "paging", "storage", "web :: etag",
		"web :: json", "web :: problem" })
@NullMarked
package com.talegenerator.tales.story;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
