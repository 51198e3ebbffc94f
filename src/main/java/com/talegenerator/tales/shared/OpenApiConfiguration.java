package com.talegenerator.tales.shared;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /openapi.json}, shown by Swagger UI at {@code /docs}:
 * besides what springdoc reads from the controllers, the problem responses every
 * operation may give, the {@code Link} header of lists, the {@code ETag} and conditional
 * requests of single resources and the free-form JSON fields.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";

	private static final String BEARER = "bearer";

	private static final String ETAG = "ETag";

	private static final String IF_MATCH = "If-Match";

	private static final String IF_NONE_MATCH = "If-None-Match";

	static {
		// a story's fullResponse, generationInfo… are any JSON value, not a Jackson
		// class;
		// its text, held as UTF-8, is a string
		SpringDocUtils.getConfig()
			.replaceWithSchema(JsonNode.class, new Schema<>().description("Any JSON value, kept as sent"))
			.replaceWithSchema(Utf8Text.class, new StringSchema());
	}

	@Bean
	OpenAPI talesOpenApi() {
		return new OpenAPI()
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("The signed-in user's Supabase access token, or the service_role key for the "
								+ "back-office. Not needed while authentication is off (the embedded default).")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.info(new Info().title("Tales service").version("1").description("""
					Persistence service of the Tale Generator: children's profiles, story heroes and \
					generated bedtime stories.

					Conventions: JSON in camelCase; ids are UUIDs; timestamps ISO-8601 in UTC. \
					Lists are newest first (createdAt desc, id desc); `limit` (1-500, default 50) \
					bounds a page, and when more rows exist the response carries \
					`Link: <next-page-url>; rel="next"` with an opaque `after` cursor. Every error \
					is an RFC 9457 problem (application/problem+json) with type, title, status, \
					detail and instance; validation errors add errors: [{field, message}]. \
					Request bodies are read strictly: unknown fields, duplicate keys and values of \
					the wrong JSON type (a string or a fraction for an integer, a number or a \
					boolean for a string) are rejected with \
					400; the server-set fields of a response (id, createdAt, updatedAt) are ignored \
					when sent back. A database outage answers 503 with Retry-After.

					A response with one child, hero or story carries its version as a strong ETag. \
					A GET with If-None-Match naming it answers 304 without a body. PUT, DELETE, \
					the rating and the audio upload take If-Match (the ETag read, or *): if the \
					resource changed since, nothing is written and the answer is 412 with the \
					current ETag; a malformed If-Match is a 400. Without If-Match the last writer \
					wins."""));
	}

	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				ApiResponses responses = operation.getResponses();
				responses.addApiResponse("400", problem("Malformed or invalid request"));
				responses.addApiResponse("401", problem("Missing, expired or invalid access token")
					.addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema())));
				if (path.contains("{")) {
					responses.addApiResponse("404", problem("No such resource"));
				}
				if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
					responses.addApiResponse("413", problem("Body larger than the limit"));
					responses.addApiResponse("415", problem("Content-Type is not application/json"));
				}
				responses.addApiResponse("503", problem("Database unreachable; retry after Retry-After seconds")
					.addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())));
				documentNextLink(operation);
				documentSparseFields(openApi, operation);
				documentVersions(openApi, method, operation);
			}));
		};
	}

	private static void documentNextLink(Operation operation) {
		ApiResponse ok = operation.getResponses().get("200");
		if (ok == null || ok.getContent() == null) {
			return;
		}
		boolean list = ok.getContent()
			.values()
			.stream()
			.map(MediaType::getSchema)
			.anyMatch(OpenApiConfiguration::isArray);
		if (list) {
			ok.addHeaderObject("Link",
					new Header().description("`<url>; rel=\"next\"` when more rows exist").schema(new StringSchema()));
		}
	}

	/**
	 * The {@code fields} parameter of a list takes the names of its item schema's
	 * properties: listed as an enum, so the description cannot drift from the resource.
	 */
	private static void documentSparseFields(OpenAPI openApi, Operation operation) {
		Parameter fields = (operation.getParameters() != null) ? operation.getParameters()
			.stream()
			.filter((parameter) -> "query".equals(parameter.getIn())
					&& SparseFields.PARAMETER.equals(parameter.getName()))
			.findFirst()
			.orElse(null) : null;
		ApiResponse ok = operation.getResponses().get("200");
		if (fields == null || ok == null || ok.getContent() == null) {
			return;
		}
		ok.getContent()
			.values()
			.stream()
			.map(MediaType::getSchema)
			.filter(OpenApiConfiguration::isArray)
			.findFirst()
			.map((list) -> componentSchema(openApi, list.getItems()))
			.filter((item) -> item.getProperties() != null)
			.ifPresent((item) -> {
				StringSchema name = new StringSchema();
				item.getProperties().keySet().forEach(name::addEnumItem);
				fields.style(Parameter.StyleEnum.FORM).explode(false).schema(new ArraySchema().items(name));
			});
	}

	/** An array schema: springdoc's own, or one read from an annotation (OpenAPI 3.1). */
	private static boolean isArray(@Nullable Schema<?> schema) {
		return schema instanceof ArraySchema || (schema != null && ("array".equals(schema.getType())
				|| (schema.getTypes() != null && schema.getTypes().contains("array"))));
	}

	private static @Nullable Schema<?> componentSchema(OpenAPI openApi, @Nullable Schema<?> schema) {
		String ref = (schema != null) ? schema.get$ref() : null;
		if (ref == null || openApi.getComponents().getSchemas() == null) {
			return null;
		}
		return openApi.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
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
			operation.getResponses()
				.addApiResponse("412", problem("The resource changed since the ETag in If-Match; nothing was written")
					.addHeaderObject(ETAG, etagHeader()));
		}
	}

	private static boolean hasVersion(OpenAPI openApi, ApiResponse response) {
		if (response.getContent() == null || openApi.getComponents().getSchemas() == null) {
			return false;
		}
		return response.getContent().values().stream().map(MediaType::getSchema).anyMatch((schema) -> {
			Schema<?> resource = componentSchema(openApi, schema);
			return resource != null && resource.getProperties() != null
					&& resource.getProperties().containsKey("updatedAt");
		});
	}

	private static @Nullable Parameter header(Operation operation, String name) {
		if (operation.getParameters() == null) {
			return null;
		}
		return operation.getParameters()
			.stream()
			.filter((parameter) -> "header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()))
			.findFirst()
			.orElse(null);
	}

	private static Header etagHeader() {
		return new Header().description("The resource's version, for If-Match and If-None-Match")
			.schema(new StringSchema());
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.properties(Map.of("type", new StringSchema(), "title", new StringSchema(), "status", new IntegerSchema(),
					"detail", new StringSchema(), "instance", new StringSchema(), "errors",
					new ArraySchema().items(new ObjectSchema()
						.properties(Map.of("field", new StringSchema(), "message", new StringSchema())))))
			.required(List.of("type", "title", "status", "detail", "instance"));
	}

}
