/**
 * Liveness and readiness probes for orchestrators; {@code /health} itself is Spring Boot
 * Actuator's, which also checks the database, and is a gauge of {@code /metrics}
 * ({@code tales_health_up}).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.talegenerator.tales.health;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
