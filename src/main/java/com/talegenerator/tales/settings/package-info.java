/**
 * A setting that cannot work, refused at start-up with one line naming it. Any
 * configuration may throw it.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.talegenerator.tales.settings;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
