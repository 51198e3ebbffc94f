package com.talegenerator.tales.observability;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the request's trace context on its response ({@code traceparent}, W3C), so a
 * client (the frontend, a curl script, a support ticket) can name the trace its request
 * joined. Runs just inside Spring's server observation filter, which has continued an
 * incoming {@code traceparent} or started a trace, and before anything can commit the
 * response.
 */
final class TraceparentResponseFilter extends OncePerRequestFilter {

	private final Tracer tracer;

	private final Propagator propagator;

	TraceparentResponseFilter(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Span span = this.tracer.currentSpan();
		if (span != null) {
			this.propagator.inject(span.context(), response, HttpServletResponse::setHeader);
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return true;
	}

}
