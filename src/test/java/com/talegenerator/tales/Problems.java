package com.talegenerator.tales;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error response of the API must look like (API.md, "Conventions"): an RFC
 * 9457 problem with all five members, and nothing of the server's insides.
 */
public final class Problems {

	/** Text that would betray a stack trace, a class name, SQL or a driver message. */
	private static final List<String> LEAKS = List.of("\tat ", "java.", "org.", "exception", "sql", "postgres",
			"jackson", "hikari", "tomcat", "springframework");

	private Problems() {
	}

	/**
	 * Asserts that the response is a complete problem of this status for this request
	 * path, and returns its body for further checks.
	 */
	public static JsonNode assertProblem(HttpApi.Response response, int status, String instance) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(status);
		assertThat(response.header("Content-Type")).as("Content-Type of %s", response)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertNoLeaks(response);
		JsonNode problem = response.json();
		assertThat(problem.isObject()).as("problem body %s", response).isTrue();
		assertThat(problem.propertyNames()).as("members of %s", response)
			.contains("type", "title", "status", "detail", "instance");
		assertThat(problem.get("type").isString()).isTrue();
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("status").isInt()).isTrue();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).isEqualTo(instance);
		return problem;
	}

	/**
	 * Asserts that an error response, whatever its status and path, is a complete problem
	 * without the server's insides, and returns its body.
	 */
	public static JsonNode assertProblem(HttpApi.Response response) {
		assertThat(response.status()).as("status of %s", response).isBetween(400, 599);
		assertThat(response.header("Content-Type")).as("Content-Type of %s", response)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertNoLeaks(response);
		assertThat(response.body()).as("body of %s", response).doesNotContainIgnoringCase("<html");
		JsonNode problem = response.json();
		assertThat(problem.isObject()).as("problem body %s", response).isTrue();
		assertThat(problem.propertyNames()).as("members of %s", response)
			.contains("type", "title", "status", "detail", "instance");
		assertThat(problem.get("status").asInt()).as("status member of %s", response).isEqualTo(response.status());
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(java.net.URI.create(problem.get("instance").asString())).isNotNull();
		return problem;
	}

	/** Asserts a 400 whose {@code errors} name exactly these fields. */
	public static JsonNode assertInvalidFields(HttpApi.Response response, String instance, String... fields) {
		JsonNode problem = assertProblem(response, 400, instance);
		assertThat(problem.has("errors")).as("errors of %s", response).isTrue();
		List<String> named = new ArrayList<>();
		for (JsonNode error : problem.get("errors")) {
			named.add(error.get("field").asString());
			assertThat(error.get("message").asString()).isNotBlank();
		}
		assertThat(named).as("fields named by %s", response).containsExactlyInAnyOrder(fields);
		return problem;
	}

	/**
	 * Like {@link #assertProblem(HttpApi.Response, int, String)}, for what the
	 * {@code RestTestClient} received ({@code returnResult(String.class)}).
	 */
	public static JsonNode assertProblem(EntityExchangeResult<String> result, int status, String instance) {
		return assertProblem(seen(result), status, instance);
	}

	/**
	 * Like {@link #assertProblem(HttpApi.Response)}, for what the {@code RestTestClient}
	 * received.
	 */
	public static JsonNode assertProblem(EntityExchangeResult<String> result) {
		return assertProblem(seen(result));
	}

	/**
	 * Like {@link #assertInvalidFields(HttpApi.Response, String, String...)}, for what
	 * the {@code RestTestClient} received.
	 */
	public static JsonNode assertInvalidFields(EntityExchangeResult<String> result, String instance, String... fields) {
		return assertInvalidFields(seen(result), instance, fields);
	}

	/** Like {@link #assertNoLeaks(HttpApi.Response)}, for the {@code RestTestClient}. */
	public static void assertNoLeaks(EntityExchangeResult<String> result) {
		assertNoLeaks(seen(result));
	}

	/** The exchange as these checks read it; its text names the request and response. */
	private static HttpApi.Response seen(EntityExchangeResult<String> result) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		result.getResponseHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
		String body = result.getResponseBody();
		return new HttpApi.Response(result.getStatus().value(), headers, (body != null) ? body : "");
	}

	/** No stack trace, class name, SQL text or driver message in the body. */
	public static void assertNoLeaks(HttpApi.Response response) {
		String body = response.body().toLowerCase(Locale.ROOT);
		assertThat(LEAKS).as("leaks in %s", response).noneSatisfy((leak) -> assertThat(body).contains(leak));
	}

}
