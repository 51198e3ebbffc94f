/**
 * What an operator watches the service by, beside the API: the log format
 * ({@code TALES_LOG_FORMAT}) and the {@code traceparent} every response carries. Metrics
 * and traces themselves are Micrometer's and Spring Boot's; each feature counts its own
 * events (stories created, uploads) and storage times its own requests.
 */
@ApplicationModule(allowedDependencies = { "settings" })
@NullMarked
package com.talegenerator.tales.observability;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
