package com.talegenerator.tales.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code tales_health_up}: 1 while {@code /health} is UP, 0 while the database is
 * unreachable; what the "database down" alert watches. Each scrape runs the health checks
 * once (a connection's validity check).
 */
@Configuration(proxyBeanMethods = false)
class HealthMetricsConfiguration {

	@Bean
	MeterBinder healthGauge(HealthEndpoint health) {
		return (registry) -> Gauge.builder("tales.health.up", health, HealthMetricsConfiguration::up)
			.description("1 while GET /health is UP (the database answers), 0 while it is DOWN")
			.register(registry);
	}

	private static double up(HealthEndpoint health) {
		return Status.UP.equals(health.health().getStatus()) ? 1 : 0;
	}

}
