package com.talegenerator.tales.observability;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The {@code traceparent} response header, where tracing is on (it is unless
 * {@code management.tracing.export.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/**
	 * Just after Spring's {@code ServerHttpObservationFilter} (highest precedence + 1).
	 */
	static final int TRACEPARENT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	FilterRegistrationBean<TraceparentResponseFilter> traceparentResponseFilter(ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		FilterRegistrationBean<TraceparentResponseFilter> registration = new FilterRegistrationBean<>(
				new TraceparentResponseFilter(tracer.getIfAvailable(() -> Tracer.NOOP),
						propagator.getIfAvailable(() -> Propagator.NOOP)));
		registration.setOrder(TRACEPARENT_FILTER_ORDER);
		return registration;
	}

}
