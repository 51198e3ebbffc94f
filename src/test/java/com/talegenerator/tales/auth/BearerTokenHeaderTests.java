package com.talegenerator.tales.auth;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header is read as Spring Security's default resolver reads it: the same token, the
 * same headers left to others, the same ones refused as malformed.
 */
class BearerTokenHeaderTests {

	static final List<String> headers = List.of("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
			"bearer abc", "BEARER abc", "Bearer a-b.c_d~e+f/g", "Bearer abc=", "Bearer abc==", "Bearer =", "Bearer a=b",
			"Bearer ", "Bearer", "Bearer  abc", "Bearer abc ", "Bearer a b", "Bearer\tabc", "Bearerabc", "Bearer é",
			"Bearer abc,def", "Basic dXNlcjpwYXNz", "Token abc", "", " Bearer abc", "Bear");

	@ParameterizedTest
	@FieldSource("headers")
	void readsTheHeaderAsSpringSecurityDoes(String header) {
		MockHttpServletRequest request = withAuthorization(header);

		assertThat(outcome(new BearerTokenHeader(), request))
			.isEqualTo(outcome(new DefaultBearerTokenResolver(), request));
	}

	@Test
	void takesTheTokenAfterTheSchemeAndRefusesAMalformedOne() {
		assertThat(outcome(new BearerTokenHeader(), withAuthorization("bearer a.b-c_d==")))
			.isEqualTo("token a.b-c_d==");
		assertThat(outcome(new BearerTokenHeader(), withAuthorization("Bearer a b")))
			.isEqualTo("refused: invalid_token");
		assertThat(outcome(new BearerTokenHeader(), withAuthorization("Basic dXNlcjpwYXNz"))).isEqualTo("none");
	}

	private static MockHttpServletRequest withAuthorization(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stories");
		request.addHeader(HttpHeaders.AUTHORIZATION, header);
		return request;
	}

	@Test
	void leavesARequestWithoutTheHeaderToOthers() {
		assertThat(outcome(new BearerTokenHeader(), new MockHttpServletRequest("GET", "/stories"))).isEqualTo("none");
	}

	private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			String token = resolver.resolve(request);
			return (token != null) ? "token " + token : "none";
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused: " + ex.getError().getErrorCode();
		}
	}

}
