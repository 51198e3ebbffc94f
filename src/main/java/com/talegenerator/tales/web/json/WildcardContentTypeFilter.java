package com.talegenerator.tales.web.json;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body whose {@code Content-Type} is a wildcard ({@code application/*},
 * {@code *}{@code /*}) says nothing of what it is: 415 like any other unsupported type.
 * Spring MVC would instead fail with an {@code IllegalArgumentException} while reading
 * the request's headers, which ends as a 500. The error page makes the 415 a problem.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WildcardContentTypeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isWildcard(request.getContentType())) {
			response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isWildcard(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			// not a media type at all: Spring MVC answers that with a 415 itself
			return false;
		}
	}

}
