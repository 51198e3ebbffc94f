package com.talegenerator.tales.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.talegenerator.tales.paging.SparseFields;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

/**
 * What every operation answers besides its success, by the rules the server follows:
 * every operation may answer 400 (a malformed request) and 403 (a cross-origin request
 * from an origin that is not allowed); one that needs a token 401, and 503 when the
 * database is down; one with a path variable 404; one with a JSON answer 406; one with a
 * body 413 and 415; one that takes {@code If-Match} 412; a GET of a versioned resource
 * 304. Also: the resource schemas of responses list every property as required (unset
 * ones are {@code null}, never missing), those of requests refuse unknown properties; a
 * list that takes {@code fields=} holds partial items; and every JSON body has an
 * example.
 */
class ApiContract implements OpenApiCustomizer {

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	private static final String SCHEMAS = "#/components/schemas/";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String JSON = "application/json";

	private static final String ETAG = "ETag";

	private static final String IF_MATCH = "If-Match";

	private static final String IF_NONE_MATCH = "If-None-Match";

	private static final String PARTIAL = "Partial";

	/** The creating and uploading POSTs, which take Idempotency-Key (API.md). */
	private static final Set<String> IDEMPOTENT_CREATES = Set.of("createChild", "createHero", "createStory",
			"uploadStoryAudio", "uploadStoryThumbnail", "uploadHeroPortrait");

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final String bucket;

	private final Examples examples;

	ApiContract(String bucket, Examples examples) {
		this.bucket = bucket;
		this.examples = examples;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents();
		components.addSchemas("FieldError", fieldErrorSchema());
		components.addSchemas(PROBLEM, problemSchema());
		addStandardProblems(components);
		describeHealth(openApi);
		describeStoredFiles(openApi);
		closeRequestSchemas(openApi);
		requireResponseProperties(openApi);
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			secure(operation);
			documentIdempotency(operation);
			addProblems(path, method, operation);
			documentVersions(openApi, method, operation);
			fixBodies(operation);
			documentList(openApi, operation);
			addProblemExamples(path, operation);
			addExamples(operation);
			sortResponses(operation);
		}));
	}

	/**
	 * {@code /health} is Actuator's, which springdoc does not describe: the database's
	 * state, open to anyone.
	 */
	private void describeHealth(OpenAPI openApi) {
		Content up = healthContent("UP");
		Content down = healthContent("DOWN");
		Operation health = new Operation().operationId("getHealth")
			.addTagsItem("Service")
			.summary("Whether the service can reach its database")
			.description("Open: needs no token. 503 with status DOWN while the database is unreachable.")
			.security(List.of())
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("UP").content(up))
				.addApiResponse("503",
						new ApiResponse().description("DOWN: the database is unreachable").content(down)));
		openApi.getPaths().addPathItem("/health", new PathItem().get(health));
	}

	private static Content healthContent(String status) {
		Content content = new Content();
		for (String type : List.of(JSON, "application/vnd.spring-boot.actuator.v3+json")) {
			content.addMediaType(type, new MediaType().schema(new JsonSchema().$ref(SCHEMAS + "HealthStatus"))
				.example(Map.of("status", status)));
		}
		return content;
	}

	/**
	 * The file controller maps {@code {bucket}/**}, for public and for signed URLs; what
	 * it serves are the objects this service stores in the configured bucket: a story's
	 * audio and thumbnail under {@code stories/{id}/}, a hero's portrait under
	 * {@code heroes/{id}/}. A path of the description is a template of whole segments,
	 * which {@code **} is not.
	 */
	private void describeStoredFiles(OpenAPI openApi) {
		for (String access : List.of("public", "sign")) {
			String route = "/storage/v1/object/" + access + "/";
			PathItem item = openApi.getPaths().remove(route + "{bucket}/**");
			if (item == null) {
				continue;
			}
			Operation download = item.getGet();
			List<Parameter> parameters = new ArrayList<>();
			parameters.add(new PathParameter().name("folder")
				.description("stories: a story's files (its audio, its thumbnail); heroes: a hero's (its portrait)")
				.schema(new StringSchema()._enum(List.of("stories", "heroes"))));
			parameters.add(new PathParameter().name("id")
				.description("The story's or the hero's id")
				.schema(new StringSchema().format("uuid")));
			parameters.add(new PathParameter().name("fileName")
				.description("The stored file name: ASCII letters, digits, '.', '_' and '-'")
				.schema(new StringSchema().pattern("^[A-Za-z0-9._-]+$")));
			download.getParameters()
				.stream()
				.filter((parameter) -> !"path".equals(parameter.getIn()))
				.forEach(parameters::add);
			download.setParameters(parameters);
			openApi.getPaths().addPathItem(route + this.bucket + "/{folder}/{id}/{fileName}", item);
		}
	}

	/** Request bodies are read strictly: a property the schema does not name is a 400. */
	private static void closeRequestSchemas(OpenAPI openApi) {
		Set<String> names = new LinkedHashSet<>();
		openApi.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> {
			if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
				MediaType json = operation.getRequestBody().getContent().get(JSON);
				if (json != null) {
					collectReferenced(openApi, json.getSchema(), names);
				}
			}
		}));
		for (String name : names) {
			schema(openApi, name).setAdditionalProperties(false);
		}
	}

	/**
	 * A resource in a response has every property its schema names, unset ones as
	 * {@code null}.
	 */
	@SuppressWarnings("rawtypes")
	private static void requireResponseProperties(OpenAPI openApi) {
		Set<String> names = new LinkedHashSet<>();
		openApi.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> {
			operation.getResponses().forEach((status, response) -> {
				if (response.getContent() != null) {
					response.getContent()
						.values()
						.forEach((media) -> collectReferenced(openApi, media.getSchema(), names));
				}
			});
		}));
		for (String name : names) {
			Schema schema = schema(openApi, name);
			if (schema.getProperties() != null) {
				schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
			}
		}
	}

	/** The names of the component schemas {@code schema} refers to, transitively. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void collectReferenced(OpenAPI openApi, @Nullable Schema schema, Set<String> names) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(SCHEMAS.length());
			if (names.add(name)) {
				collectReferenced(openApi, schema(openApi, name), names);
			}
			return;
		}
		collectReferenced(openApi, schema.getItems(), names);
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach((property) -> collectReferenced(openApi, (Schema) property, names));
		}
		for (List<Schema> alternatives : new List[] { schema.getOneOf(), schema.getAnyOf(), schema.getAllOf() }) {
			if (alternatives != null) {
				alternatives.forEach((alternative) -> collectReferenced(openApi, alternative, names));
			}
		}
	}

	/**
	 * A creating or uploading POST takes {@code Idempotency-Key}: a retry with the same
	 * key and body gets the first (2xx) answer again, marked {@code Idempotent-Replayed};
	 * a retry while the first runs a 409 with {@code Retry-After}; the key reused for
	 * another body or path a 422.
	 */
	private static void documentIdempotency(Operation operation) {
		if (!IDEMPOTENT_CREATES.contains(operation.getOperationId())) {
			return;
		}
		operation.addParametersItem(new HeaderParameter().name(IDEMPOTENCY_KEY)
			.description("A key the client makes up for this request (a UUID, say) and sends again with every retry "
					+ "of it: 1 to 255 printable ASCII characters, else 400. Within TALES_IDEMPOTENCY_TTL (default "
					+ "24 hours) a retry by the same caller with the same method, path and body gets the first "
					+ "successful answer again (same status, body and Location, with Idempotent-Replayed: true) and "
					+ "nothing is written twice. Only 2xx answers are remembered: after a 4xx or 5xx nothing was "
					+ "written and the retry runs.")
			.schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x20-\\x7E]+$")));
		ApiResponses responses = operation.getResponses();
		for (String status : List.of("200", "201")) {
			ApiResponse success = responses.get(status);
			if (success != null) {
				success.addHeaderObject("Idempotent-Replayed", new Header()
					.description("true when this is the answer to an earlier request with the same Idempotency-Key, "
							+ "sent again; absent otherwise")
					.schema(new StringSchema()._enum(List.of("true"))));
			}
		}
		responses.addApiResponse("409", new ApiResponse()
			.description("A concurrent change got in the way, or the first request with this Idempotency-Key is "
					+ "still being processed; nothing was written: retry after Retry-After seconds")
			.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before retrying (sent while the key is in flight)")
						.schema(new IntegerSchema())));
		String reused = "the Idempotency-Key was used before for another request (another body, method or path)";
		ApiResponse unprocessable = responses.get("422");
		if (unprocessable == null) {
			responses.addApiResponse("422",
					new ApiResponse().description(Character.toUpperCase(reused.charAt(0)) + reused.substring(1)));
		}
		else {
			unprocessable.setDescription(unprocessable.getDescription() + "; or " + reused);
		}
	}

	/** The bearer token, unless the operation declares itself open. */
	private static void secure(Operation operation) {
		if (operation.getSecurity() == null) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
		}
	}

	private static boolean isSecured(Operation operation) {
		return operation.getSecurity() != null && !operation.getSecurity().isEmpty();
	}

	private void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
		ApiResponses responses = operation.getResponses();
		boolean secured = isSecured(operation);
		addProblem(responses, StandardProblem.BAD_REQUEST);
		if (secured) {
			addProblem(responses, StandardProblem.UNAUTHORIZED);
		}
		addProblem(responses, StandardProblem.FORBIDDEN);
		if (path.contains("{")) {
			addProblem(responses, StandardProblem.NOT_FOUND);
		}
		if (hasJsonAnswer(responses)) {
			addProblem(responses, StandardProblem.NOT_ACCEPTABLE);
		}
		if (operation.getRequestBody() != null) {
			addProblem(responses, StandardProblem.CONTENT_TOO_LARGE);
			addProblem(responses, StandardProblem.UNSUPPORTED_MEDIA_TYPE);
		}
		if (secured && method != PathItem.HttpMethod.GET) {
			addProblem(responses, StandardProblem.CONFLICT);
		}
		if (header(operation, IF_MATCH) != null) {
			addProblem(responses, StandardProblem.PRECONDITION_FAILED);
		}
		addProblem(responses, StandardProblem.INTERNAL_SERVER_ERROR);
		if (secured) {
			addProblem(responses, StandardProblem.SERVICE_UNAVAILABLE);
		}
	}

	/**
	 * Refers to the standard problem response unless the controller declared this status
	 * with a description of its own, which {@link #fixBodies} gives the problem body.
	 */
	private static void addProblem(ApiResponses responses, StandardProblem problem) {
		String code = String.valueOf(problem.status.value());
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().$ref("#/components/responses/" + problem.component()));
		}
	}

	/** The standard problem responses, each described once. */
	private static void addStandardProblems(Components components) {
		for (StandardProblem problem : StandardProblem.values()) {
			ApiResponse response = new ApiResponse().description(problem.description)
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new JsonSchema().$ref(SCHEMAS + PROBLEM))
							.example(Examples.problem(problem.status.value(), problem.description,
									Examples.instance("/stories/{id}")))));
			if (problem.header != null) {
				response.addHeaderObject(problem.header,
						new Header().required(true)
							.description(problem.headerDescription)
							.schema(problem.header.equals("Retry-After") ? new IntegerSchema() : new StringSchema()));
			}
			components.addResponses(problem.component(), response);
		}
	}

	/** A problem as the server would write it, for each error response. */
	private static void addProblemExamples(String path, Operation operation) {
		operation.getResponses().forEach((status, response) -> {
			if (response.get$ref() == null && isProblem(response)) {
				MediaType problem = response.getContent().get(PROBLEM_JSON);
				if (problem.getExample() == null) {
					problem.setExample(Examples.problem(Integer.parseInt(status), response.getDescription(),
							Examples.instance(path)));
				}
			}
		});
	}

	/**
	 * Every 4xx and 500 is a problem, and so is a 503 of an operation that needs a token;
	 * the open probes answer their own DOWN. A redirect, 204 and 304 have no body,
	 * whatever springdoc read from the method's return type.
	 */
	private static void fixBodies(Operation operation) {
		operation.getResponses().forEach((status, response) -> {
			if (response.get$ref() != null) {
				return;
			}
			int code = Integer.parseInt(status);
			if (code == 204 || code == 304 || (code >= 300 && code < 400)) {
				response.setContent(null);
			}
			else if (code >= 400 && code < 500 || code == 500 || (code > 500 && isSecured(operation))) {
				// springdoc gives a response declared by its description alone the
				// success's body
				MediaType problem = isProblem(response) ? response.getContent().get(PROBLEM_JSON)
						: new MediaType().schema(new JsonSchema().$ref(SCHEMAS + PROBLEM));
				response.setContent(new Content().addMediaType(PROBLEM_JSON, problem));
			}
		});
	}

	private static boolean isProblem(ApiResponse response) {
		return response.getContent() != null && response.getContent().containsKey(PROBLEM_JSON);
	}

	private static boolean hasJsonAnswer(ApiResponses responses) {
		return responses.entrySet()
			.stream()
			.anyMatch((entry) -> entry.getKey().startsWith("2") && entry.getValue().getContent() != null
					&& entry.getValue().getContent().containsKey(JSON));
	}

	/**
	 * A response with one resource (a schema with {@code updatedAt}, its version) carries
	 * the resource's ETag; a GET of one answers a matching {@code If-None-Match} with
	 * 304, and an operation that takes {@code If-Match} answers a stale one with 412.
	 */
	private static void documentVersions(OpenAPI openApi, PathItem.HttpMethod method, Operation operation) {
		boolean versioned = false;
		for (String status : List.of("200", "201")) {
			ApiResponse response = operation.getResponses().get(status);
			if (response != null && hasVersion(openApi, response)) {
				response.addHeaderObject(ETAG, etagHeader());
				versioned = true;
			}
		}
		if (versioned && method == PathItem.HttpMethod.GET) {
			if (header(operation, IF_NONE_MATCH) == null) {
				operation.addParametersItem(new HeaderParameter().name(IF_NONE_MATCH)
					.description("An ETag read before: 304 without a body while the resource still has it")
					.schema(new StringSchema()));
			}
			operation.getResponses()
				.addApiResponse("304", new ApiResponse().description("Not modified since the ETag in If-None-Match")
					.addHeaderObject(ETAG, etagHeader()));
		}
		Parameter ifMatch = header(operation, IF_MATCH);
		if (ifMatch != null) {
			ifMatch.description("The ETag read before (or *): the change happens only while the resource still has "
					+ "it, else 412. Without it the last writer wins.");
		}
	}

	/** Responses in the order of their status codes, as a reader looks for them. */
	private static void sortResponses(Operation operation) {
		ApiResponses responses = operation.getResponses();
		ApiResponses sorted = new ApiResponses();
		responses.keySet().stream().sorted().forEach((status) -> sorted.addApiResponse(status, responses.get(status)));
		operation.setResponses(sorted);
	}

	@SuppressWarnings("rawtypes")
	private static boolean hasVersion(OpenAPI openApi, ApiResponse response) {
		if (response.getContent() == null) {
			return false;
		}
		return response.getContent().values().stream().map(MediaType::getSchema).anyMatch((schema) -> {
			if (schema == null || schema.get$ref() == null) {
				return false;
			}
			Schema resource = schema(openApi, schema.get$ref().substring(SCHEMAS.length()));
			return resource.getProperties() != null && resource.getProperties().containsKey("updatedAt");
		});
	}

	/**
	 * A list has a {@code Link} header to its next page; one that takes {@code fields=}
	 * holds items with only the fields asked for, so its items are the resource with no
	 * property required, and the parameter takes the resource's property names.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void documentList(OpenAPI openApi, Operation operation) {
		ApiResponse ok = operation.getResponses().get("200");
		MediaType json = (ok != null && ok.getContent() != null) ? ok.getContent().get(JSON) : null;
		if (json == null || !isArray(json.getSchema())) {
			return;
		}
		ok.addHeaderObject("Link",
				new Header()
					.description("`<url>; rel=\"next\"` when more rows exist: the next "
							+ "page, with this request's filters and an opaque after cursor")
					.schema(new StringSchema()));
		Parameter fields = parameter(operation, "query", SparseFields.PARAMETER);
		Schema items = json.getSchema().getItems();
		if (fields == null || items == null || items.get$ref() == null) {
			return;
		}
		String name = items.get$ref().substring(SCHEMAS.length());
		String partialName = PARTIAL + name;
		Schema full = schema(openApi, name);
		if (!openApi.getComponents().getSchemas().containsKey(partialName)) {
			Schema partial = new JsonSchema().types(Set.of("object"))
				.description("A " + name.toLowerCase(Locale.ROOT) + " in a list: every field of " + name
						+ ", or only those named in fields=")
				.properties(new LinkedHashMap<>(full.getProperties()));
			openApi.getComponents().addSchemas(partialName, partial);
		}
		json.setSchema(new ArraySchema().items(new JsonSchema().$ref(SCHEMAS + partialName)));
		StringSchema fieldName = new StringSchema();
		full.getProperties().keySet().forEach((property) -> fieldName.addEnumItem((String) property));
		fields.style(Parameter.StyleEnum.FORM).explode(false).schema(new ArraySchema().items(fieldName));
	}

	private void addExamples(Operation operation) {
		if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
			operation.getRequestBody().getContent().values().forEach((media) -> example(media));
		}
		operation.getResponses().values().forEach((response) -> {
			if (response.getContent() != null) {
				response.getContent().values().forEach((media) -> example(media));
			}
		});
	}

	@SuppressWarnings("rawtypes")
	private void example(MediaType media) {
		Schema schema = media.getSchema();
		if (media.getExample() != null || schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			media.setExample(this.examples.of(schema.get$ref().substring(SCHEMAS.length())));
		}
		else if (isArray(schema) && schema.getItems() != null && schema.getItems().get$ref() != null) {
			String item = schema.getItems().get$ref().substring(SCHEMAS.length());
			media.setExample(
					List.of(this.examples.of(item.startsWith(PARTIAL) ? item.substring(PARTIAL.length()) : item)));
		}
	}

	/** An array schema: springdoc's own, or one read from an annotation (OpenAPI 3.1). */
	@SuppressWarnings("rawtypes")
	private static boolean isArray(@Nullable Schema schema) {
		return schema instanceof ArraySchema || (schema != null && ("array".equals(schema.getType())
				|| (schema.getTypes() != null && schema.getTypes().contains("array"))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema schema(OpenAPI openApi, String name) {
		Schema schema = openApi.getComponents().getSchemas().get(name);
		if (schema == null) {
			throw new IllegalStateException("No schema " + name + " in the description");
		}
		return schema;
	}

	private static @Nullable Parameter header(Operation operation, String name) {
		return parameter(operation, "header", name);
	}

	private static @Nullable Parameter parameter(Operation operation, String in, String name) {
		if (operation.getParameters() == null) {
			return null;
		}
		return operation.getParameters()
			.stream()
			.filter((parameter) -> in.equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()))
			.findFirst()
			.orElse(null);
	}

	private static Header etagHeader() {
		return new Header().description("The resource's version, for If-Match and If-None-Match")
			.required(true)
			.schema(new StringSchema());
	}

	private static Schema<?> fieldErrorSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("field", new StringSchema().description("The field, parameter or header, e.g. child.name"));
		properties.put("message", new StringSchema().description("What is wrong with it"));
		return new JsonSchema().types(Set.of("object"))
			.description("One invalid field of a request")
			.properties(properties)
			.required(List.of("field", "message"));
	}

	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", new StringSchema().description("about:blank: the status says what happened"));
		properties.put("title", new StringSchema().description("The status's reason phrase"));
		properties.put("status", new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)));
		properties.put("detail", new StringSchema().description("What went wrong, for a person to read"));
		properties.put("instance", new StringSchema().description("The path of the request"));
		properties.put("errors", new ArraySchema().items(new JsonSchema().$ref(SCHEMAS + "FieldError"))
			.description("The invalid fields, for a validation error"));
		return new JsonSchema().types(Set.of("object"))
			.description("RFC 9457 problem details")
			.properties(properties)
			.required(List.of("type", "title", "status", "detail", "instance"));
	}

	/** The problems many operations answer, described once under components/responses. */
	private enum StandardProblem {

		BAD_REQUEST(HttpStatus.BAD_REQUEST,
				"Malformed or invalid request: the problem's errors name the fields, parameters or headers at fault"),

		UNAUTHORIZED(HttpStatus.UNAUTHORIZED,
				"Missing, expired or invalid access token (only while authentication " + "is on)", "WWW-Authenticate",
				"Bearer, with the error"),

		FORBIDDEN(HttpStatus.FORBIDDEN,
				"A cross-origin request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)"),

		NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource, or one the caller does not own"),

		NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Accept names no type this operation answers with"),

		CONFLICT(HttpStatus.CONFLICT, "A concurrent change got in the way; nothing was written: retry"),

		PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED,
				"The resource changed since the ETag in If-Match; nothing was written", ETAG,
				"The resource's current version"),

		CONTENT_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the limit"),

		UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"The body's Content-Type is not one this operation reads"),

		INTERNAL_SERVER_ERROR(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected failure on the server; the problem says no more, and nothing was written"),

		SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE,
				"The database (or file storage) is unreachable or misconfigured; retry after Retry-After seconds",
				"Retry-After", "Seconds to wait before retrying");

		private final HttpStatus status;

		private final String description;

		private final @Nullable String header;

		private final @Nullable String headerDescription;

		StandardProblem(HttpStatus status, String description) {
			this(status, description, null, null);
		}

		StandardProblem(HttpStatus status, String description, @Nullable String header,
				@Nullable String headerDescription) {
			this.status = status;
			this.description = description;
			this.header = header;
			this.headerDescription = headerDescription;
		}

		/** The component's name: the status's reason phrase in camel case. */
		String component() {
			StringBuilder name = new StringBuilder();
			for (String word : this.status.getReasonPhrase().split("[ -]")) {
				name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
			return name.toString();
		}

	}

}
