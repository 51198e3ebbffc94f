package com.talegenerator.tales;

import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The JSON that tests send with {@link RestTestClient} and what they read back from its
 * exchanges ({@code exchange().returnResult(String.class)}). Bodies are read with a plain
 * {@link JsonMapper}, not the service's own, so a test sees the JSON as any client does.
 */
public final class Exchanges {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Exchanges() {
	}

	/** A JSON document of a Java value (maps, lists, strings, numbers). */
	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/**
	 * The body as a JSON tree.
	 * @throws AssertionError when there is no body
	 */
	public static JsonNode jsonBody(EntityExchangeResult<String> result) {
		String body = result.getResponseBody();
		if (body == null) {
			throw new AssertionError("No body in " + result);
		}
		return jsonBody(body);
	}

	/** A body as a JSON tree. */
	public static JsonNode jsonBody(String body) {
		return JSON.readTree(body);
	}

	/** The first value of the response header of this name (any case), if any. */
	public static Optional<String> header(ExchangeResult result, String name) {
		return Optional.ofNullable(result.getResponseHeaders().getFirst(name));
	}

	/** The URL of the {@code Link: <…>; rel="next"} header, if any. */
	public static Optional<String> nextLink(ExchangeResult result) {
		return header(result, "Link").filter((link) -> link.endsWith("rel=\"next\""))
			.map((link) -> link.substring(link.indexOf('<') + 1, link.indexOf('>')));
	}

	/**
	 * Where the request went: scheme, host and port, e.g. {@code http://localhost:41234},
	 * the base of the URLs the service builds from the request.
	 */
	public static String origin(ExchangeResult result) {
		return result.getUrl().getScheme() + "://" + result.getUrl().getRawAuthority();
	}

}
