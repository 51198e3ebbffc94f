package com.talegenerator.tales.story;

import java.io.IOException;
import java.util.Enumeration;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.talegenerator.tales.web.json.JsonResponseWriter;
import com.talegenerator.tales.web.json.UuidText;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * {@code GET /stories/{id}}, the request the app and the story generator make most,
 * answered by {@link StoryController#get} itself but without the work Spring MVC does
 * around every annotated handler: matching the path against every route, a data binder
 * with its {@code @InitBinder} for the id, argument resolvers, return value handlers and
 * content negotiation. Side by side with the jar before (bench/compare.sh,
 * docs/performance.md), that work was a fifth of the service's CPU time per story read.
 * <p>
 * It takes only the plain form of the request: {@code GET}, an id in the one form the API
 * reads ({@link UuidText}), no {@code Accept} or one that asks for JSON or anything, and
 * no conditional header. Every other request for the path (a malformed id, {@code HEAD},
 * {@code If-None-Match}, an {@code Accept} to negotiate) finds no handler here and goes
 * on to the annotated route, which answers it as before. Errors (404, 503...) go to the
 * same exception resolvers as the controller method's own, and the request is timed under
 * the same route template. {@code StoryByIdRouteIntegrationTests} holds the two routes'
 * answers to each other, byte for byte.
 */
@Component
class StoryByIdHandlerMapping extends AbstractHandlerMapping {

	static final String PATTERN = "/stories/{id}";

	private static final String PREFIX = "/stories/";

	private final StoryController controller;

	private final JsonResponseWriter writer;

	private final ObjectProvider<HandlerExceptionResolver> resolvers;

	/** The annotated handler of the route: the one its errors are resolved for. */
	private final HandlerMethod controllerMethod;

	StoryByIdHandlerMapping(StoryController controller, JsonResponseWriter writer,
			ObjectProvider<HandlerExceptionResolver> resolvers) {
		this.controller = controller;
		this.writer = writer;
		this.resolvers = resolvers;
		this.controllerMethod = new HandlerMethod(controller,
				ReflectionUtils.findMethod(StoryController.class, "get", UUID.class));
		// before the annotated routes (0) and the functional ones (-1)
		setOrder(-2);
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		if (!HttpMethod.GET.matches(request.getMethod())) {
			return null;
		}
		String path = initLookupPath(request);
		if (!path.startsWith(PREFIX)) {
			return null;
		}
		String idText = path.substring(PREFIX.length());
		if (!UuidText.isCanonical(idText) || isConditional(request) || !acceptsJson(request)) {
			return null;
		}
		UUID id = UUID.fromString(idText);
		request.setAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE, PATTERN);
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		return (HttpRequestHandler) (req, response) -> answer(id, req, response);
	}

	private void answer(UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			this.writer.write(this.controller.get(id), response);
		}
		catch (RuntimeException | IOException ex) {
			if (!resolved(ex, request, response)) {
				throw ex;
			}
		}
	}

	/**
	 * As DispatcherServlet does for a controller method that throws: the resolvers in
	 * their order, the first to answer wins ({@code @ExceptionHandler}s apply to a
	 * handler method, not to this route's handler). The API's answers to errors are
	 * problems written by the resolver, never a view.
	 */
	private boolean resolved(Exception ex, HttpServletRequest request, HttpServletResponse response) {
		for (HandlerExceptionResolver resolver : (Iterable<HandlerExceptionResolver>) this.resolvers
			.orderedStream()::iterator) {
			if (resolver.resolveException(request, response, this.controllerMethod, ex) != null) {
				request.setAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE, ex);
				return true;
			}
		}
		return false;
	}

	/** Spring MVC's {@code checkNotModified} answers these (304, 412): left to it. */
	private static boolean isConditional(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.IF_NONE_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
				|| request.getHeader(HttpHeaders.IF_MATCH) != null
				|| request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null;
	}

	/**
	 * No {@code Accept}, or one that content negotiation could only answer with JSON;
	 * anything else (several types, parameters, a type to refuse) is negotiated by Spring
	 * MVC.
	 */
	private static boolean acceptsJson(HttpServletRequest request) {
		Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
		if (!accepts.hasMoreElements()) {
			return true;
		}
		String type = accepts.nextElement().strip();
		return !accepts.hasMoreElements()
				&& (MediaType.ALL_VALUE.equals(type) || MediaType.APPLICATION_JSON_VALUE.equalsIgnoreCase(type));
	}

}
