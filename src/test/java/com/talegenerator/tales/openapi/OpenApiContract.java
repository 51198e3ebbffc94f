package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service's own OpenAPI description, as a judge of its responses: every response the
 * integration tests receive is checked against it (by
 * {@code OpenApiValidatingInterceptor}), so the description cannot drift from what the
 * server does. A response is allowed when its operation lists its status, every header
 * that status requires is there, and its body has a declared media type and, for JSON,
 * validates against the schema (JSON Schema 2020-12 with OpenAPI 3.1's vocabulary, by
 * networknt's validator). Resource schemas are checked closed: a property the description
 * does not name fails, so a new field cannot go undocumented. A path the description does
 * not have may only answer a problem.
 */
public final class OpenApiContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Where the description is registered, so that its {@code $ref}s resolve. */
	private static final String DOCUMENT = "https://tales.invalid/openapi.json";

	/** Documentation itself is not part of the API it documents. */
	private static final List<String> UNDESCRIBED = List.of("/openapi.json", "/docs", "/swagger-ui");

	private static final Map<String, OpenApiContract> SERVED = new ConcurrentHashMap<>();

	/**
	 * What the container answers before any operation sees the request (a request line or
	 * headers too long, a timeout, an HTTP version or method it does not implement): the
	 * info section says so, and each is a problem like every error.
	 */
	private static final Set<Integer> CONTAINER_REFUSALS = Set.of(408, 414, 431, 501, 505);

	private final JsonNode description;

	private final SchemaRegistry schemas;

	private OpenApiContract(JsonNode description) {
		this.description = description;
		String closed = JSON.writeValueAsString(closeResourceSchemas(description.deepCopy()));
		this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				(registry) -> registry.schemas(Map.of(DOCUMENT, closed))
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
	}

	/** The contract of this description. */
	public static OpenApiContract of(JsonNode description) {
		return new OpenApiContract(description);
	}

	/**
	 * The contract of the service at {@code base}, read from its {@code /openapi.json}
	 * once.
	 */
	public static OpenApiContract servedBy(String base) {
		return SERVED.computeIfAbsent(base, (url) -> of(fetch(url + "/openapi.json")));
	}

	/**
	 * The node itself, or the one its {@code $ref} points to within the description (e.g.
	 * a standard problem under {@code #/components/responses}).
	 */
	public static JsonNode resolved(JsonNode description, JsonNode node) {
		JsonNode ref = node.get("$ref");
		return (ref != null && ref.asString().startsWith("#")) ? description.at(ref.asString().substring(1)) : node;
	}

	/** The description, as read. */
	public JsonNode description() {
		return this.description;
	}

	/**
	 * Checks that the description allows this response to this request.
	 * @param headers the response's headers, any case
	 * @param body the body as text; {@code null} when it was not read (a download)
	 * @throws AssertionError naming every way the response departs from the description
	 */
	public void check(String method, URI request, int status, Map<String, List<String>> headers,
			@Nullable String body) {
		String path = request.getRawPath();
		if (UNDESCRIBED.stream().anyMatch((prefix) -> path.equals(prefix) || path.startsWith(prefix + "/"))) {
			return;
		}
		String what = method + " " + path + " answered " + status;
		List<String> failures = new ArrayList<>();
		if (CONTAINER_REFUSALS.contains(status)) {
			checkBody(failures, headers, body, problemContent(), method);
			fail(what, failures, body);
			return;
		}
		Optional<String> template = template(path);
		JsonNode operation = template.map((found) -> this.description.path("paths").path(found))
			.map((item) -> item.path(method.equals("HEAD") ? "get" : method.toLowerCase(Locale.ROOT)))
			.filter(JsonNode::isObject)
			.orElse(null);
		if (operation == null) {
			// no such path, or no such method on it: only a problem may come back
			if (method.equals("OPTIONS") && status < 400) {
				return;
			}
			if (status < 400) {
				failures.add("the description has no operation " + method + " "
						+ template.orElse(path + " (no path matches)"));
			}
			else {
				checkBody(failures, headers, body, problemContent(), method);
			}
		}
		else {
			JsonNode response = operation.path("responses").path(String.valueOf(status));
			if (response.isMissingNode()) {
				response = operation.path("responses").path("default");
			}
			if (response.has("$ref")) {
				response = this.description.at(response.get("$ref").asString().substring(1));
			}
			if (response.isMissingNode()) {
				failures.add("operation " + operation.path("operationId").asString() + " lists no status " + status
						+ " (it lists " + names(operation.path("responses")) + ")");
			}
			else {
				checkHeaders(failures, response, headers);
				checkBody(failures, headers, body, response.path("content"), method);
			}
		}
		fail(what, failures, body);
	}

	/**
	 * Checks a response to a request the container could not even parse (a malformed
	 * request line): whatever it is, it must be a problem.
	 */
	public void checkRefusal(String request, int status, Map<String, List<String>> headers, @Nullable String body) {
		List<String> failures = new ArrayList<>();
		if (status < 400) {
			failures.add("a malformed request must not succeed");
		}
		checkBody(failures, headers, body, problemContent(), "");
		fail(request + " answered " + status, failures, body);
	}

	private static void fail(String what, List<String> failures, @Nullable String body) {
		if (!failures.isEmpty()) {
			throw new AssertionError(what + ", which /openapi.json does not allow:\n  - "
					+ String.join("\n  - ", failures) + ((body != null && !body.isEmpty())
							? "\n  body: " + ((body.length() > 2000) ? body.substring(0, 2000) + "…" : body) : ""));
		}
	}

	/** The description's path template that matches, literal segments winning. */
	private Optional<String> template(String path) {
		String[] segments = path.split("/", -1);
		String best = null;
		int bestLiterals = -1;
		for (String template : this.description.path("paths").propertyNames()) {
			String[] parts = template.split("/", -1);
			if (parts.length != segments.length) {
				continue;
			}
			int literals = 0;
			boolean matches = true;
			for (int i = 0; i < parts.length && matches; i++) {
				if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
					matches = !segments[i].isEmpty();
				}
				else {
					matches = parts[i].equals(decoded(segments[i]));
					literals++;
				}
			}
			if (matches && literals > bestLiterals) {
				best = template;
				bestLiterals = literals;
			}
		}
		return Optional.ofNullable(best);
	}

	private static String decoded(String segment) {
		try {
			return URLDecoder.decode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a malformed escape names no literal segment
			return segment;
		}
	}

	private static void checkHeaders(List<String> failures, JsonNode response, Map<String, List<String>> headers) {
		for (var header : response.path("headers").properties()) {
			if (header.getValue().path("required").asBoolean(false) && header(headers, header.getKey()) == null) {
				failures.add("the required header " + header.getKey() + " is missing");
			}
		}
	}

	private void checkBody(List<String> failures, Map<String, List<String>> headers, @Nullable String body,
			JsonNode content, String method) {
		boolean empty = body != null && body.isEmpty();
		if (method.equals("HEAD") || (empty && content.isMissingNode())) {
			return;
		}
		String contentType = header(headers, "Content-Type");
		if (content.isMissingNode() || content.isEmpty()) {
			failures.add("it has a body (" + contentType + "), which the description does not declare");
			return;
		}
		if (contentType == null) {
			failures.add("its body has no Content-Type (the description declares " + names(content) + ")");
			return;
		}
		String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		String declared = null;
		for (String candidate : content.propertyNames()) {
			if (candidate.equals(mediaType) || (candidate.endsWith("/*")
					&& mediaType.startsWith(candidate.substring(0, candidate.length() - 1)))) {
				declared = candidate;
			}
		}
		if (declared == null) {
			failures
				.add("its Content-Type " + mediaType + " is not one the description declares (" + names(content) + ")");
			return;
		}
		if (body == null || !(mediaType.endsWith("/json") || mediaType.endsWith("+json"))) {
			return;
		}
		if (empty) {
			failures.add("it has no body, but the description declares a " + declared + " one");
			return;
		}
		JsonNode json;
		try {
			json = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			failures.add("its " + mediaType + " body is not JSON: " + ex.getOriginalMessage());
			return;
		}
		for (Error error : schema(content.path(declared).path("schema")).validate(json)) {
			failures.add(error.toString());
		}
	}

	/** The JSON Schema of a media type, its references pointing into the description. */
	private Schema schema(JsonNode schema) {
		return this.schemas.getSchema(absoluteRefs(schema.deepCopy()));
	}

	/**
	 * Validates a value against a schema of the description, e.g.
	 * {@code #/components/schemas/Story}.
	 * @return the errors, none when it is valid
	 */
	public List<String> validate(JsonNode value, String pointer) {
		ObjectNode ref = JSON.createObjectNode().put("$ref", DOCUMENT + pointer);
		return this.schemas.getSchema(ref).validate(value).stream().map(Error::toString).toList();
	}

	private static JsonNode absoluteRefs(JsonNode schema) {
		if (schema instanceof ObjectNode object) {
			JsonNode ref = object.get("$ref");
			if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
				object.put("$ref", DOCUMENT + ref.asString());
			}
			object.forEach(OpenApiContract::absoluteRefs);
		}
		else if (schema.isArray()) {
			schema.forEach(OpenApiContract::absoluteRefs);
		}
		return schema;
	}

	/**
	 * Every component schema that names its properties and says nothing of others is
	 * checked as if it refused them.
	 */
	private static JsonNode closeResourceSchemas(JsonNode description) {
		description.path("components").path("schemas").forEach((schema) -> {
			if (schema instanceof ObjectNode object && object.has("properties")
					&& !object.has("additionalProperties")) {
				object.put("additionalProperties", false);
			}
		});
		return description;
	}

	private JsonNode problemContent() {
		return JSON.createObjectNode()
			.set("application/problem+json", JSON.createObjectNode()
				.set("schema", JSON.createObjectNode().put("$ref", "#/components/schemas/Problem")));
	}

	private static @Nullable String header(Map<String, List<String>> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
			.map((entry) -> entry.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	private static String names(JsonNode object) {
		return String.join(", ", object.propertyNames());
	}

	private static JsonNode fetch(String url) {
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + response.statusCode());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
