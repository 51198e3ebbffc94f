/**
 * Generated bedtime stories: {@code /stories}, {@code /children/{id}/stories} and
 * ratings.
 */
@ApplicationModule(allowedDependencies = { "auth", "child", "database", "paging", "storage", "web :: etag",
		"web :: json", "web :: problem" })
@NullMarked
package com.talegenerator.tales.story;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
