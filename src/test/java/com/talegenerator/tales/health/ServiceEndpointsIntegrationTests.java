package com.talegenerator.tales.health;

import java.util.ArrayList;
import java.util.List;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.openapi.OpenApiContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEndpointsIntegrationTests extends IntegrationTestSupport {

	@Test
	void reportsHealthAsJustItsStatus() {
		HttpApi.Response health = this.api.get("/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().toString()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void describesEveryEndpointInOpenApi() {
		HttpApi.Response response = this.api.get("/openapi.json");

		assertThat(response.status()).isEqualTo(200);
		JsonNode paths = response.json().get("paths");
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
		assertThat(OpenApiContract.resolved(response.json(), listStories.get("503"))
			.get("content")
			.has("application/problem+json")).isTrue();
		assertThat(paths.get("/stories/{id}").get("get").get("responses").has("404")).isTrue();
		assertThat(response.json()
			.get("components")
			.get("schemas")
			.get("Story")
			.get("properties")
			.get("fullResponse")
			.toString()).doesNotContain("nodeType");
	}

	@Test
	void servesSwaggerUiAtDocs() {
		HttpApi.Response docs = this.api.get("/docs");
		assertThat(docs.status()).isEqualTo(302);
		String location = docs.header("Location").orElseThrow();

		HttpApi.Response ui = this.api.get(location);

		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.header("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(ui.body()).contains("swagger-ui");
	}

}
