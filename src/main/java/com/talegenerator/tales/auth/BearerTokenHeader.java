package com.talegenerator.tales.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The access token of {@code Authorization: Bearer <token>} (RFC 6750, 2.1), the only
 * place this API takes one from. It accepts and refuses what Spring Security's default
 * resolver does for that header, checked character by character: the default's regular
 * expression was a few per cent of the CPU of an authenticated GET in the benchmark's
 * profile.
 */
final class BearerTokenHeader implements BearerTokenResolver {

	private static final String SCHEME = "Bearer ";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
			return null; // another scheme (Basic …): not ours to judge
		}
		if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				|| !isToken68(authorization, SCHEME.length())) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(SCHEME.length());
	}

	/**
	 * RFC 6750's b64token from {@code start} to the end: 1*( ALPHA / DIGIT / "-._~+/" )
	 * *"=".
	 */
	private static boolean isToken68(String value, int start) {
		int end = value.length();
		int padding = end;
		while (padding > start && value.charAt(padding - 1) == '=') {
			padding--;
		}
		if (padding == start) {
			return false;
		}
		for (int i = start; i < padding; i++) {
			if (!isTokenChar(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
