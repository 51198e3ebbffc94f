package com.talegenerator.tales.idempotency;

import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.web.problem.ProblemWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.unit.DataSize;

/**
 * The filter, registered here rather than scanned as a component, so that the web slice
 * tests ({@code @WebMvcTest}), which have no database, leave it out; and Spring's
 * scheduler, which runs {@link IdempotencyCleanup}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyConfiguration {

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, IdempotentUploads uploads,
			IdempotencyMetrics metrics, CurrentCaller caller, TransactionOperations transactions,
			ProblemWriter problems, IdempotencyProperties properties,
			@Value("${tales.http.max-json-body:5MB}") DataSize maxJsonBody) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(keys, uploads, metrics, caller, transactions, problems, properties, maxJsonBody));
		// after the security chain (whose caller it needs), before the body limit's
		// wrapper (which then bounds what the handler reads of a buffered body too)
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
		return registration;
	}

}
