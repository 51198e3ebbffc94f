package com.talegenerator.tales.health;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.openapi.OpenApiContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own endpoints beside the API: {@code /health}, the OpenAPI description
 * and the Swagger UI.
 */
class ServiceEndpointsIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void reportsHealthAsJustItsStatus() {
		EntityExchangeResult<String> health = get("/health");

		assertThat(health.getStatus().value()).isEqualTo(200);
		assertThat(JSON.readTree(health.getResponseBody()).toString()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void describesEveryEndpointInOpenApi() {
		EntityExchangeResult<String> response = get("/openapi.json");

		assertThat(response.getStatus().value()).isEqualTo(200);
		JsonNode description = JSON.readTree(response.getResponseBody());
		JsonNode paths = description.get("paths");
		List<String> operations = new ArrayList<>();
		paths.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.forEach((method) -> operations.add(method + " " + path.getKey())));
		assertThat(operations).contains("post /children", "get /children", "get /children/{id}", "put /children/{id}",
				"delete /children/{id}", "get /children/{childId}/stories", "post /heroes", "get /heroes",
				"get /heroes/{id}", "put /heroes/{id}", "delete /heroes/{id}", "post /stories", "get /stories",
				"get /stories/{id}", "delete /stories/{id}", "put /stories/{id}/rating", "get /stats");
		assertThat(paths.has("/error")).isFalse();
		JsonNode listStories = paths.get("/stories").get("get").get("responses");
		assertThat(listStories.get("200").get("headers").has("Link")).isTrue();
		assertThat(OpenApiContract.resolved(description, listStories.get("503"))
			.get("content")
			.has("application/problem+json")).isTrue();
		assertThat(paths.get("/stories/{id}").get("get").get("responses").has("404")).isTrue();
		assertThat(description.get("components")
			.get("schemas")
			.get("Story")
			.get("properties")
			.get("fullResponse")
			.toString()).doesNotContain("nodeType");
	}

	@Test
	void servesSwaggerUiAtDocs() {
		EntityExchangeResult<String> docs = get("/docs");
		assertThat(docs.getStatus().value()).isEqualTo(302);
		URI location = docs.getResponseHeaders().getLocation();
		assertThat(location).isNotNull();

		EntityExchangeResult<String> ui = this.client.get()
			.uri(URI.create(base()).resolve(location))
			.exchange()
			.returnResult(String.class);

		assertThat(ui.getStatus().value()).isEqualTo(200);
		assertThat(ui.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith("text/html");
		assertThat(ui.getResponseBody()).contains("swagger-ui");
	}

	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(path).exchange().returnResult(String.class);
	}

}
