package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The judge of the integration tests' responses, judged itself: against the committed
 * description, a response the server really sends passes, and one the description does
 * not allow fails, whichever way it departs.
 */
class OpenApiContractTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final URI STORY = URI.create("http://127.0.0.1:8080/stories/8f14e45f-ceea-467a-9b8c-4f3a2b1c0d9e");

	private static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of("application/json"),
			"ETag", List.of("\"63a1b2c3d4e5f\""));

	private static OpenApiContract contract;

	@BeforeAll
	static void readDescription() throws IOException {
		contract = OpenApiContract.of(JSON.readTree(Files.readString(Path.of("docs/openapi.json"))));
	}

	@Test
	void allowsAStoryAsTheServerSendsIt() {
		assertThatCode(() -> contract.check("GET", STORY, 200, JSON_HEADERS, story().toString()))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesAFieldOfTheWrongType() {
		ObjectNode story = story().put("rating", "9");

		assertRefused("GET", STORY, 200, JSON_HEADERS, story.toString(), "rating");
	}

	@Test
	void refusesAMissingField() {
		ObjectNode story = story();
		story.remove("childId");

		assertRefused("GET", STORY, 200, JSON_HEADERS, story.toString(), "childId");
	}

	@Test
	void refusesAFieldTheDescriptionDoesNotName() {
		ObjectNode story = story().put("userId", "3b241101-e2bb-4255-8caf-4136c566a962");

		assertRefused("GET", STORY, 200, JSON_HEADERS, story.toString(), "userId");
	}

	@Test
	void refusesNullWhereTheFieldIsNotNullable() {
		ObjectNode story = story().putNull("title");

		assertRefused("GET", STORY, 200, JSON_HEADERS, story.toString(), "title");
	}

	@Test
	void refusesAStatusTheOperationDoesNotList() {
		assertRefused("GET", STORY, 418, Map.of(), "", "418");
	}

	@Test
	void refusesACreationWithoutItsLocation() {
		URI stories = URI.create("http://127.0.0.1:8080/stories");

		assertRefused("POST", stories, 201, JSON_HEADERS, story().toString(), "Location");
		assertThatCode(() -> contract.check("POST", stories, 201, Map.of("Content-Type", List.of("application/json"),
				"ETag", List.of("\"1\""), "Location", List.of(STORY.toString())), story().toString()))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesAnErrorThatIsNotAProblem() {
		assertRefused("GET", STORY, 404, Map.of("Content-Type", List.of("text/plain")), "Not found", "text/plain");
		assertRefused("GET", STORY, 404, Map.of("Content-Type", List.of("application/problem+json")),
				"{\"status\":404}", "title");
	}

	@Test
	void refusesSuccessOnAPathTheDescriptionDoesNotHave() {
		assertRefused("GET", URI.create("http://127.0.0.1:8080/users"), 200, JSON_HEADERS, "[]", "/users");
	}

	@Test
	void refusesAnUnknownMethodAnsweredWithAnythingButAProblem() {
		URI children = URI.create("http://127.0.0.1:8080/children");

		assertRefused("QUERY", children, 400, Map.of("Content-Type", List.of("text/plain")), "Bad request",
				"text/plain");
		assertThatCode(() -> contract.check("QUERY", children, 405,
				Map.of("Content-Type", List.of("application/problem+json")),
				"{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,\"detail\":\"No QUERY\","
						+ "\"instance\":\"/children\"}"))
			.doesNotThrowAnyException();
	}

	private static void assertRefused(String method, URI uri, int status, Map<String, List<String>> headers,
			String body, String named) {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> contract.check(method, uri, status, headers, body))
			.withMessageContaining(named);
	}

	private static ObjectNode story() {
		return (ObjectNode) JSON.readTree("""
				{"id":"8f14e45f-ceea-467a-9b8c-4f3a2b1c0d9e","title":"The Brave Little Dragon",
				 "content":"Once upon a time…","moral":"Courage grows when shared.","childId":null,
				 "childName":"Alice","childAge":6,"childGender":"girl","childInterests":["dragons"],
				 "modelUsed":null,"fullResponse":{"choices":[]},"generationInfo":null,"language":"en",
				 "storyLength":null,"rating":null,"audioFileUrl":null,"audioProvider":null,
				 "audioGenerationMetadata":null,"thumbnailUrl":null,"createdAt":"2026-11-25T10:05:00.789Z",
				 "updatedAt":"2026-11-25T10:05:00.789Z"}""");
	}

}
