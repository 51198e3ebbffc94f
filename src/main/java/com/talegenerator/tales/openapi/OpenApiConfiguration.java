package com.talegenerator.tales.openapi;

import com.talegenerator.tales.web.json.Utf8Text;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /openapi.json}, shown by Swagger UI at {@code /docs}.
 * springdoc reads the operations from the controllers; {@link RecordSchemas} adds what
 * our records say about nullability, and {@link ApiContract} what every operation answers
 * beyond its success (problems, headers, security, examples).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		// a story's text is held as UTF-8 bytes; in JSON it is an ordinary string
		SpringDocUtils.getConfig().replaceWithSchema(Utf8Text.class, new StringSchema());
	}

	@Bean
	OpenAPI talesOpenApi() {
		return new OpenAPI()
			.components(new Components().addSecuritySchemes(ApiContract.BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("The signed-in user's Supabase access token, or the service_role key for the "
								+ "back-office. Not needed while authentication is off (the embedded default).")))
			.addTagsItem(new Tag().name("Children").description("Children's profiles"))
			.addTagsItem(new Tag().name("Heroes").description("Story heroes"))
			.addTagsItem(new Tag().name("Stories").description("Generated bedtime stories and their audio"))
			.addTagsItem(new Tag().name("Family").description("A family's data as a whole: its export and its erasure"))
			.addTagsItem(new Tag().name("Service").description("Statistics, health and probes"))
			.addTagsItem(new Tag().name("Storage").description("Stored files, in the default (local storage) mode"))
			.info(new Info().title("Tales service").version("1").description("""
					Persistence service of the Tale Generator: children's profiles, story heroes and \
					generated bedtime stories.

					Conventions: JSON in camelCase; ids are UUIDs; timestamps ISO-8601 in UTC. \
					Optional fields that are unset are present as null. Lists are newest first \
					(createdAt desc, id desc); `limit` (1-500, default 50) bounds a page, and when more \
					rows exist the response carries `Link: <next-page-url>; rel="next"` with an opaque \
					`after` cursor. `fields=` returns only the named fields of each item.

					Every error is an RFC 9457 problem (application/problem+json) with type, title, \
					status, detail and instance; validation errors add errors: [{field, message}]. \
					Request bodies are read strictly: unknown fields, duplicate keys and values of the \
					wrong JSON type (a string or a fraction for an integer, a number or a boolean for a \
					string) are rejected with 400; the server-set fields of a response (id, createdAt, \
					updatedAt) are ignored when sent back. A method a path does not take (also an \
					unknown one such as QUERY) is a 405 with Allow. A database or storage outage \
					answers 503 with Retry-After. Before any operation sees it, the server refuses a \
					malformed request with 400, a request line or headers too long with 414 or 431, \
					a slow one with 408 and an HTTP version it does not speak with 505, each a \
					problem too.

					Browsers: a cross-origin request is allowed from the origins in \
					TALES_CORS_ALLOWED_ORIGINS (in the embedded default, from any http://localhost \
					port); from any other origin it is a 403 problem.

					A response with one child, hero or story carries its version as a strong ETag. \
					A GET with If-None-Match naming it answers 304 without a body. PUT, DELETE, \
					the rating and the audio upload take If-Match (the ETag read, or *): if the \
					resource changed since, nothing is written and the answer is 412 with the \
					current ETag; a malformed If-Match is a 400. Without If-Match the last writer \
					wins."""));
	}

	@Bean
	RecordSchemas recordSchemas() {
		return new RecordSchemas();
	}

	@Bean
	ApiContract apiContract(@Value("${tales.storage.bucket:tales}") String bucket) {
		return new ApiContract(bucket.strip(), Examples.load());
	}

}
