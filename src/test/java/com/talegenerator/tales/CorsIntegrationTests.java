package com.talegenerator.tales;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser origin that may not call the API is refused with a problem that says how to
 * allow it, for a preflight as for the request itself.
 */
class CorsIntegrationTests extends IntegrationTestSupport {

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

}
