package com.talegenerator.tales.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The header's token is read as Spring Security's converter reads it (the same token, the
 * same malformed-token error, or no token), for hand-picked values and for generated ones
 * near the rule's edges.
 */
class BearerTokenHeaderTests {

	private final AuthenticationConverter header = new BearerTokenHeader();

	private final AuthenticationConverter spring = new BearerTokenAuthenticationConverter();

	@Test
	void readsEveryHeaderAsSpringSecurityDoes() {
		List<String> values = new ArrayList<>(List.of("Bearer abc", "bearer abc", "BEARER a.b.c", "bEaReR x",
				"Bearer a-b_c~d+e/f==", "Bearer abc=", "Bearer ", "Bearer", "Bearerabc", "Bearer  abc", "Bearer abc ",
				" Bearer abc", "Bearer a b", "Bearer ==", "Bearer abc=d", "Bearer abc\n", "Bearer\tabc", "Basic abc",
				"", "Token x", "Bearer ж", "Bearer a,b", "Bearer a%2Fb", "Bearerr abc", "bearer:abc"));
		String alphabet = "aZ09-._~+/= \t,;:\"'\\%жBbeEaArR";
		Random random = new Random(6750);
		for (int i = 0; i < 5000; i++) {
			StringBuilder value = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer");
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				value.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			values.add(value.toString());
		}
		for (String value : values) {
			assertThat(outcome(this.header, value)).as("Authorization: %s", value)
				.isEqualTo(outcome(this.spring, value));
		}
	}

	@Test
	void takesNoTokenFromTheQuery() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stories");
		request.addParameter("access_token", "abc");

		assertThat(this.header.convert(request)).isNull();
		request.addHeader("Authorization", "Bearer def");
		assertThat(((BearerTokenAuthenticationToken) this.header.convert(request)).getToken()).isEqualTo("def");
	}

	@Test
	void refusesAMalformedTokenWithTheInvalidTokenError() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stories");
		request.addHeader("Authorization", "Bearer a b");

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.header.convert(request))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).isEqualTo("Bearer token is malformed"));
	}

	/** The token read, the error's code and description, or "none". */
	private static String outcome(AuthenticationConverter converter, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stories/1");
		request.addHeader("Authorization", authorization);
		try {
			Authentication token = converter.convert(request);
			return (token != null) ? "token " + ((BearerTokenAuthenticationToken) token).getToken() : "none";
		}
		catch (OAuth2AuthenticationException ex) {
			return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
