package com.talegenerator.tales.auth;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

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
		HttpApi.Response preflight = this.api
			.withHeaders("Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
					"content-type")
			.send("OPTIONS", "/children", null, null);
		HttpApi.Response list = this.api.withHeaders("Origin", origin).get("/children");

		assertThat(preflight.status()).as(preflight.body()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(origin);
		assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(list.header("Access-Control-Allow-Origin")).hasValue(origin);
		assertThat(list.header("Access-Control-Expose-Headers").orElseThrow()).contains("Link", "Location");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "http://localhost.evil.example",
			"http://localhost:5173.evil.example", "http://192.168.1.20:5173", "null" })
	void refusesAnyOtherOriginWithAProblem(String origin) {
		HttpApi.Response preflight = this.api.withHeaders("Origin", origin, "Access-Control-Request-Method", "POST")
			.send("OPTIONS", "/children", null, null);
		HttpApi.Response list = this.api.withHeaders("Origin", origin).get("/children");

		for (HttpApi.Response refused : new HttpApi.Response[] { preflight, list }) {
			JsonNode problem = assertProblem(refused, 403, "/children");
			assertThat(problem.get("detail").asString()).contains(origin).contains("TALES_CORS_ALLOWED_ORIGINS");
			assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
		}
	}

	@Test
	void refusesAMethodOrHeaderTheApiDoesNotTakeWithAProblem() {
		HttpApi fromDevServer = this.api.withHeaders("Origin", "http://localhost:5173");

		HttpApi.Response method = fromDevServer.withHeaders("Access-Control-Request-Method", "PATCH")
			.send("OPTIONS", "/children", null, null);
		HttpApi.Response header = fromDevServer
			.withHeaders("Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-secret")
			.send("OPTIONS", "/children", null, null);

		assertThat(assertProblem(method, 403, "/children").get("detail").asString()).contains("PATCH");
		assertThat(assertProblem(header, 403, "/children").get("detail").asString()).contains("x-secret");
	}

}
