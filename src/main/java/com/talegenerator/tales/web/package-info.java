/**
 * The API's web conventions that every feature follows, one subpackage per job: problem
 * responses ({@code problem}), strict JSON and request limits ({@code json}), versions
 * and preconditions ({@code etag}). Features use the named interfaces only.
 */
@ApplicationModule(allowedDependencies = { "database", "settings", "storage" })
@NullMarked
package com.talegenerator.tales.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
