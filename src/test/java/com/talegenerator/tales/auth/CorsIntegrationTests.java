package com.talegenerator.tales.auth;

import java.util.List;

import com.talegenerator.tales.IntegrationTestSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the embedded default (no authentication, listening on loopback only) a frontend's
 * dev server on this machine may call the API from a browser, whatever its port; any
 * other origin is refused with a problem that says how to allow it. With authentication
 * on, only the configured origins are allowed ({@code AuthIntegrationTests}).
 */
class CorsIntegrationTests extends IntegrationTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:5173", "http://localhost:3000", "http://127.0.0.1:5173",
			"http://[::1]:8081", "https://localhost:5173", "http://localhost" })
	void allowsADevServerOnThisMachine(String origin) {
		EntityExchangeResult<String> preflight = preflight(origin, "POST", "content-type");
		EntityExchangeResult<String> list = list(origin);

		assertThat(preflight.getStatus().value()).as(preflight.getResponseBody()).isEqualTo(200);
		assertThat(preflight.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(origin);
		assertThat(preflight.getResponseHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)).contains("POST");
		assertThat(list.getStatus().value()).as(list.getResponseBody()).isEqualTo(200);
		assertThat(list.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(origin);
		assertThat(list.getResponseHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS)).contains("Link",
				"Location");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "http://localhost.evil.example",
			"http://localhost:5173.evil.example", "http://192.168.1.20:5173", "null" })
	void refusesAnyOtherOriginWithAProblem(String origin) {
		EntityExchangeResult<String> preflight = preflight(origin, "POST", null);
		EntityExchangeResult<String> list = list(origin);

		for (EntityExchangeResult<String> refused : List.of(preflight, list)) {
			JsonNode problem = assertProblem(refused, 403, "/children");
			assertThat(problem.get("detail").asString()).contains(origin).contains("TALES_CORS_ALLOWED_ORIGINS");
			assertThat(refused.getResponseHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isFalse();
		}
	}

	@Test
	void refusesAMethodOrHeaderTheApiDoesNotTakeWithAProblem() {
		EntityExchangeResult<String> method = preflight("http://localhost:5173", "PATCH", null);
		EntityExchangeResult<String> header = preflight("http://localhost:5173", "GET", "x-secret");

		assertThat(assertProblem(method, 403, "/children").get("detail").asString()).contains("PATCH");
		assertThat(assertProblem(header, 403, "/children").get("detail").asString()).contains("x-secret");
	}

	/** A browser's preflight of a request from {@code origin} to {@code /children}. */
	private EntityExchangeResult<String> preflight(String origin, String method, @Nullable String headers) {
		return this.client.options()
			.uri("/children")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
			.headers((request) -> {
				if (headers != null) {
					request.set(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers);
				}
			})
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> list(String origin) {
		return this.client.get()
			.uri("/children")
			.header(HttpHeaders.ORIGIN, origin)
			.exchange()
			.returnResult(String.class);
	}

}
