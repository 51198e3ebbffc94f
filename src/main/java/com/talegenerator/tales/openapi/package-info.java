/**
 * The description at {@code /openapi.json}: what the records say of nullability, what
 * every operation answers besides its success, the examples. Nothing else uses it.
 */
@ApplicationModule(allowedDependencies = { "paging", "web :: json" })
@NullMarked
package com.talegenerator.tales.openapi;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
