package com.talegenerator.tales.shared;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /openapi.json}, shown by Swagger UI at {@code /docs}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI talesOpenApi() {
		return new OpenAPI().info(new Info().title("Tales service").version("1").description("""
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
				when sent back."""));
	}

}
