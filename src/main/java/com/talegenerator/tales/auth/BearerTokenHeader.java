package com.talegenerator.tales.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The token of {@code Authorization: Bearer <token>} (RFC 6750, section 2.1), read with a
 * loop over its characters instead of Spring Security's converter, which matches every
 * header against a case-insensitive regular expression (3 % of the Java samples of a
 * story read: bench/results/2026-12-08-012021-byid-profile.txt) and, on a GET, parses the
 * query for an {@code access_token} parameter that this API never takes. The rule is RFC
 * 6750's and the converter's: the scheme {@code bearer} in any case, one space, then a
 * b64token (letters, digits, {@code - . _ ~ + /}, at least one) and any number of
 * {@code =}. Another scheme is no bearer token (the request goes on unauthenticated); a
 * bearer scheme with anything else is a malformed token (401).
 */
final class BearerTokenHeader implements AuthenticationConverter {

	private static final String SCHEME = "Bearer ";

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
			return null;
		}
		String token = token(authorization);
		if (token == null) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return new BearerTokenAuthenticationToken(token);
	}

	/** The b64token after {@code Bearer }, or null if the value is not one. */
	private static @Nullable String token(String authorization) {
		int length = authorization.length();
		if (length <= SCHEME.length() || authorization.charAt(SCHEME.length() - 1) != ' ') {
			return null;
		}
		int i = SCHEME.length();
		while (i < length && isTokenCharacter(authorization.charAt(i))) {
			i++;
		}
		if (i == SCHEME.length()) {
			return null;
		}
		while (i < length && authorization.charAt(i) == '=') {
			i++;
		}
		return (i == length) ? authorization.substring(SCHEME.length()) : null;
	}

	private static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
