/**
 * Liveness and readiness probes for orchestrators; {@code /health} itself is Spring Boot
 * Actuator's, which also checks the database.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.talegenerator.tales.health;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
