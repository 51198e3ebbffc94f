package com.talegenerator.tales.auth;

import java.io.IOException;
import java.util.List;

import com.talegenerator.tales.web.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, unchanged, with a refusal that is a 403 problem like every other
 * error of the API (Spring writes a plain-text "Invalid CORS request"). It says what was
 * refused, and for an origin which setting allows it.
 */
class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final ProblemWriter problems;

	ProblemCorsProcessor(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public boolean processRequest(@Nullable CorsConfiguration config, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (super.processRequest(config, request, response)) {
			return true;
		}
		this.problems.write(request, response, HttpStatus.FORBIDDEN, detail(config, request));
		return false;
	}

	/** Nothing here: {@link #processRequest} writes the refusal, since it knows why. */
	@Override
	protected void rejectRequest(ServerHttpResponse response) {
	}

	private static String detail(@Nullable CorsConfiguration config, HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (config == null || config.checkOrigin(origin) == null) {
			return "The origin " + origin + " may not call this API from a browser; "
					+ "allow it with TALES_CORS_ALLOWED_ORIGINS (comma-separated origins)";
		}
		boolean preflight = CorsUtils.isPreFlightRequest(request);
		String method = preflight ? request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) : request.getMethod();
		if (method == null || config.checkHttpMethod(HttpMethod.valueOf(method.strip())) == null) {
			return "The method " + method + " is not allowed in a cross-origin request; allowed are "
					+ join(config.getAllowedMethods());
		}
		return "The request headers " + request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS)
				+ " are not allowed in a cross-origin request; allowed are " + join(config.getAllowedHeaders());
	}

	private static String join(@Nullable List<String> values) {
		return (values != null) ? StringUtils.collectionToDelimitedString(values, ", ") : "none";
	}

}
