package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The description at {@code /openapi.json} as its readers meet it: the copy in
 * {@code docs/openapi.json} that clients are generated from (in this build too), unique
 * names and one tag per operation for the generators, and an example on every body that
 * the description itself allows.
 */
class OpenApiDescriptionIntegrationTests extends IntegrationTestSupport {

	static final Path COMMITTED = Path.of("docs/openapi.json");

	private static final Path SERVED = Path.of("target/openapi.json");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Test
	void servesTheDescriptionCommittedInDocs() throws IOException {
		JsonNode served = servedDescription();
		Files.createDirectories(SERVED.getParent());
		Files.writeString(SERVED, JSON.writeValueAsString(inStableOrder(served.deepCopy())) + "\n");

		JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
		assertThat(firstDifference("#", committed, served))
			.as("docs/openapi.json is not what the service serves; review the change, then `cp %s %s`", SERVED,
					COMMITTED)
			.isEmpty();
	}

	/**
	 * Paths and components in alphabetical order, so that the committed copy changes only
	 * where the API does; properties stay in the order of their records.
	 */
	private static JsonNode inStableOrder(JsonNode description) {
		ObjectNode root = (ObjectNode) description;
		root.set("paths", sorted(root.get("paths")));
		ObjectNode components = (ObjectNode) root.get("components");
		for (String section : List.of("schemas", "responses")) {
			components.set(section, sorted(components.get(section)));
		}
		return root;
	}

	private static ObjectNode sorted(JsonNode object) {
		ObjectNode sorted = JSON.createObjectNode();
		new TreeSet<>(object.propertyNames()).forEach((name) -> sorted.set(name, object.get(name)));
		return sorted;
	}

	/**
	 * Where the two documents first differ, as a JSON pointer; empty when they do not.
	 */
	private static String firstDifference(String at, JsonNode expected, JsonNode actual) {
		if (expected.isObject() && actual.isObject()) {
			Set<String> names = new TreeSet<>(expected.propertyNames());
			names.addAll(actual.propertyNames());
			for (String name : names) {
				String difference = firstDifference(at + "/" + name, expected.path(name), actual.path(name));
				if (!difference.isEmpty()) {
					return difference;
				}
			}
			return "";
		}
		if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
			for (int i = 0; i < expected.size(); i++) {
				String difference = firstDifference(at + "/" + i, expected.get(i), actual.get(i));
				if (!difference.isEmpty()) {
					return difference;
				}
			}
			return "";
		}
		return expected.equals(actual) ? ""
				: at + ": committed " + abbreviate(expected) + ", served " + abbreviate(actual);
	}

	private static String abbreviate(JsonNode node) {
		String text = node.isMissingNode() ? "nothing" : node.toString();
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	@Test
	void namesEveryOperationOnceAndTagsItOnce() {
		Set<String> operationIds = new HashSet<>();
		servedDescription().get("paths")
			.properties()
			.forEach((path) -> path.getValue().properties().forEach((entry) -> {
				JsonNode operation = entry.getValue();
				String id = operation.path("operationId").asString("");
				assertThat(id).as("operationId of %s %s", entry.getKey(), path.getKey()).matches("[a-z][A-Za-z]+");
				assertThat(operationIds.add(id)).as("operationId %s is unique", id).isTrue();
				assertThat(operation.get("tags")).as("tags of %s", id).hasSize(1);
				assertThat(operation.path("summary").asString("")).as("summary of %s", id).isNotBlank();
			}));
		assertThat(operationIds).contains("createStory", "listStories", "getStory", "rateStory", "deleteStory",
				"uploadStoryAudio", "getStoryAudio", "createChild", "listChildren", "listChildStories", "createHero",
				"getHealth");
	}

	@Test
	void givesEveryBodyAnExampleThatItsSchemaAllows() {
		OpenApiContract contract = OpenApiContract.of(servedDescription());
		List<String> checked = new ArrayList<>();
		servedDescription().get("paths")
			.properties()
			.forEach((path) -> path.getValue().properties().forEach((entry) -> {
				String operation = entry.getValue().get("operationId").asString();
				List<JsonNode> bodies = new ArrayList<>();
				entry.getValue().path("requestBody").path("content").properties().forEach((media) -> {
					bodies.add(media.getValue());
				});
				entry.getValue()
					.path("responses")
					.properties()
					.forEach((response) -> response.getValue().path("content").properties().forEach((media) -> {
						if (media.getKey().contains("json")) {
							bodies.add(media.getValue());
						}
					}));
				for (JsonNode body : bodies) {
					assertThat(body.has("example")).as("%s has an example of %s", operation, body.get("schema"))
						.isTrue();
					checked.add(operation);
					JsonNode schema = body.get("schema");
					JsonNode example = body.get("example");
					if (schema.has("$ref")) {
						assertThat(contract.validate(example, schema.get("$ref").asString()))
							.as("example of %s", schema)
							.isEmpty();
					}
					else {
						assertThat(example.isArray()).as("example of %s", schema).isTrue();
						for (JsonNode item : example) {
							assertThat(contract.validate(item, schema.get("items").get("$ref").asString()))
								.as("example of %s", schema)
								.isEmpty();
						}
					}
				}
			}));
		servedDescription().get("components").get("responses").properties().forEach((response) -> {
			JsonNode problem = response.getValue().get("content").get("application/problem+json");
			assertThat(contract.validate(problem.get("example"), problem.get("schema").get("$ref").asString()))
				.as("example of %s", response.getKey())
				.isEmpty();
			checked.add(response.getKey());
		});
		assertThat(checked).contains("createStory", "uploadStoryAudio", "getHealth", "BadRequest");
	}

	@Test
	void describesNullableFieldsAsNullableAndEveryResponseFieldAsRequired() {
		JsonNode schemas = servedDescription().get("components").get("schemas");
		JsonNode story = schemas.get("Story");

		assertThat(story.get("required")).hasSize(story.get("properties").size());
		for (String nullable : List.of("childId", "rating", "audioFileUrl", "childInterests", "storyLength")) {
			assertThat(story.get("properties").get(nullable).get("type").toString()).as(nullable).contains("null");
		}
		for (String anyJson : List.of("fullResponse", "generationInfo", "audioGenerationMetadata")) {
			assertThat(story.get("properties").get(anyJson).has("type")).as(anyJson).isFalse();
		}
		assertThat(schemas.get("Stats").get("properties").get("averageRating").get("type").toString()).contains("null");
		JsonNode request = schemas.get("StoryRequest");
		assertThat(request.get("additionalProperties").asBoolean(true)).isFalse();
		assertThat(request.get("properties").get("title").get("minLength").asInt()).isEqualTo(1);
		assertThat(request.get("required")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("title", "content", "moral");
	}

	private JsonNode servedDescription() {
		EntityExchangeResult<String> response = this.client.get()
			.uri("/openapi.json")
			.exchange()
			.returnResult(String.class);
		assertThat(response.getStatus().value()).isEqualTo(200);
		ObjectNode description = (ObjectNode) jsonBody(response);
		// the server's URL is the one the request reached; the committed copy names the
		// embedded default's
		description.putArray("servers")
			.addObject()
			.put("url", "http://localhost:8080")
			.put("description", "The embedded default (./mvnw spring-boot:run)");
		return description;
	}

}
