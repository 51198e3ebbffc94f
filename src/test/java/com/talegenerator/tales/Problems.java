package com.talegenerator.tales;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error response of the API must look like (API.md, "Conventions"): an RFC
 * 9457 problem with all five members, and nothing of the server's insides. Each check
 * takes what {@code RestTestClient} received ({@code returnResult(String.class)}) or what
 * came back over a {@link RawHttp} socket.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Text that would betray a stack trace, a class name, SQL or a driver message. */
	private static final List<String> LEAKS = List.of("\tat ", "java.", "org.", "exception", "sql", "postgres",
			"jackson", "hikari", "tomcat", "springframework");

	private Problems() {
	}

	/**
	 * Asserts that the response is a complete problem of this status for this request
	 * path, and returns its body for further checks.
	 */
	public static JsonNode assertProblem(EntityExchangeResult<String> result, int status, String instance) {
		return assertProblem(seen(result), status, instance);
	}

	/**
	 * Asserts that an error response, whatever its status and path, is a complete problem
	 * without the server's insides, and returns its body.
	 */
	public static JsonNode assertProblem(EntityExchangeResult<String> result) {
		return assertProblem(seen(result));
	}

	/** Asserts a 400 whose {@code errors} name exactly these fields. */
	public static JsonNode assertInvalidFields(EntityExchangeResult<String> result, String instance, String... fields) {
		return assertInvalidFields(seen(result), instance, fields);
	}

	/** No stack trace, class name, SQL text or driver message in the body. */
	public static void assertNoLeaks(EntityExchangeResult<String> result) {
		assertNoLeaks(seen(result));
	}

	/** Like {@link #assertProblem(EntityExchangeResult, int, String)}, over a socket. */
	public static JsonNode assertProblem(RawHttp.Response response, int status, String instance) {
		return assertProblem(seen(response), status, instance);
	}

	/** Like {@link #assertProblem(EntityExchangeResult)}, over a socket. */
	public static JsonNode assertProblem(RawHttp.Response response) {
		return assertProblem(seen(response));
	}

	private static JsonNode assertProblem(Seen response, int status, String instance) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(status);
		assertThat(response.contentType()).as("Content-Type of %s", response)
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

	private static JsonNode assertProblem(Seen response) {
		assertThat(response.status()).as("status of %s", response).isBetween(400, 599);
		assertThat(response.contentType()).as("Content-Type of %s", response)
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
		assertThat(URI.create(problem.get("instance").asString())).isNotNull();
		return problem;
	}

	private static JsonNode assertInvalidFields(Seen response, String instance, String... fields) {
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

	private static void assertNoLeaks(Seen response) {
		String body = response.body().toLowerCase(Locale.ROOT);
		assertThat(LEAKS).as("leaks in %s", response).noneSatisfy((leak) -> assertThat(body).contains(leak));
	}

	private static Seen seen(EntityExchangeResult<String> result) {
		String body = result.getResponseBody();
		return new Seen(result.getStatus().value(),
				Optional.ofNullable(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE)),
				(body != null) ? body : "", result::toString);
	}

	private static Seen seen(RawHttp.Response response) {
		return new Seen(response.status(), response.header(HttpHeaders.CONTENT_TYPE), response.body(),
				response::toString);
	}

	/**
	 * A response as these checks read it, whichever client received it; its text, built
	 * only when a check fails, is the client's own account of the exchange.
	 */
	private record Seen(int status, Optional<String> contentType, String body, Supplier<String> shown) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.shown.get();
		}

	}

}
