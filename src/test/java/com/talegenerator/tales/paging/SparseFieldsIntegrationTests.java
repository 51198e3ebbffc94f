package com.talegenerator.tales.paging;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.story.StoryIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.nextLink;
import static com.talegenerator.tales.Problems.assertInvalidFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fields=} on every list endpoint: only the fields asked for, each with exactly
 * the value the full item shows, pagination unchanged, and a 400 for names the resource
 * does not have.
 */
class SparseFieldsIntegrationTests extends IntegrationTestSupport {

	@Test
	void aStoryListCarriesOnlyTheFieldsAskedForInTheResourcesOrder() {
		String name = unique("Sparse");
		createStory(name, "First");
		createStory(name, "Second");

		EntityExchangeResult<String> response = get(
				"/stories?childName=" + encode(name) + "&fields=createdAt,title,id,language,rating");

		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		assertThat(jsonBody(response)).hasSize(2);
		for (JsonNode story : jsonBody(response)) {
			assertThat(story.propertyNames()).containsExactly("id", "title", "language", "rating", "createdAt");
		}
		assertThat(jsonBody(response).get(0).get("title").asString()).isEqualTo("Second");
	}

	@Test
	void everyStoryFieldAloneHasTheValueOfTheFullStory() {
		String name = unique("Every");
		JsonNode child = jsonBody(post("/children",
				json(Map.of("name", name, "age", 6, "gender", "girl", "interests", List.of("owls", "moss")))));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", "Full");
		body.put("content", "Once upon a time…");
		body.put("moral", "Be kind.");
		body.put("childId", child.get("id").asString());
		body.put("modelUsed", "gpt-test");
		body.put("fullResponse", Map.of("choices", List.of(Map.of("text", "…")), "usage", Map.of("tokens", 12)));
		body.put("generationInfo", Map.of("temperature", 0.7));
		body.put("language", "ru");
		body.put("storyLength", 3);
		body.put("rating", 9);
		String id = jsonBody(post("/stories", json(body))).get("id").asString();
		this.jdbc.update("""
				UPDATE tales.stories SET audio_file_url = 'http://files.example/a.mp3', audio_provider = 'voice',
				       audio_generation_metadata = '{"voice": "calm", "seconds": 61}'::jsonb
				 WHERE id = ?::uuid""", id);
		String list = "/stories?childName=" + encode(name);
		JsonNode full = jsonBody(get(list)).get(0);

		assertEveryFieldAloneMatches(list, full, StoryIntegrationTests.STORY_FIELDS);
		assertEveryFieldAloneMatches("/children/" + child.get("id").asString() + "/stories", full,
				StoryIntegrationTests.STORY_FIELDS);
	}

	@Test
	void everyChildAndHeroFieldAloneHasTheValueOfTheFullItem() {
		String name = unique("Fielded");
		post("/children", json(Map.of("name", name, "age", 4, "gender", "boy", "interests", List.of("boats"))));
		post("/heroes", json(Map.of("name", name, "gender", "fox", "appearance", "red coat", "personalityTraits",
				List.of("brave"), "interests", List.of("stars"), "strengths", List.of("speed"), "language", "es")));
		String children = "/children?name=" + encode(name);
		String heroes = "/heroes?name=" + encode(name);

		assertEveryFieldAloneMatches(children, jsonBody(get(children)).get(0),
				List.of("id", "name", "age", "gender", "interests", "createdAt", "updatedAt"));
		assertEveryFieldAloneMatches(heroes, jsonBody(get(heroes)).get(0), List.of("id", "name", "gender", "appearance",
				"personalityTraits", "interests", "strengths", "language", "portraitUrl", "createdAt", "updatedAt"));
	}

	@Test
	void pagesThroughASparseListWithoutTheFieldsTheCursorIsMadeOf() {
		String name = unique("Paged");
		List<String> titles = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			createStory(name, "T" + i);
			titles.add(0, "T" + i);
		}

		List<String> seen = new ArrayList<>();
		String next = "/stories?childName=" + encode(name) + "&limit=2&fields=title";
		int pages = 0;
		while (next != null) {
			EntityExchangeResult<String> page = get(next);
			assertThat(page.getStatus().value()).as("%s", page).isEqualTo(200);
			for (JsonNode story : jsonBody(page)) {
				assertThat(story.propertyNames()).containsExactly("title");
				seen.add(story.get("title").asString());
			}
			next = nextLink(page).orElse(null);
			assertThat(next == null || next.contains("fields=title")).as(next).isTrue();
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(titles);
	}

	@Test
	void unknownOrEmptyFieldNamesAreA400NamingTheKnownOnes() {
		JsonNode unknown = assertInvalidFields(get("/stories?fields=id,text"), "/stories", "fields");
		assertInvalidFields(get("/stories?fields="), "/stories", "fields");
		assertInvalidFields(get("/stories?fields=id,,title"), "/stories", "fields");
		assertInvalidFields(get("/children?fields=content"), "/children", "fields");
		assertInvalidFields(get("/heroes?fields=userId"), "/heroes", "fields");
		assertInvalidFields(get("/stories?fields=ID"), "/stories", "fields");

		String message = unknown.get("errors").get(0).get("message").asString();
		assertThat(message).contains("'text'").contains("id, title, content");
	}

	@Test
	void theOpenApiDescriptionListsTheFieldsOfEachList() {
		JsonNode paths = jsonBody(get("/openapi.json")).get("paths");

		assertThat(fieldNames(paths.get("/stories").get("get")))
			.containsExactlyElementsOf(StoryIntegrationTests.STORY_FIELDS);
		assertThat(fieldNames(paths.get("/children/{childId}/stories").get("get")))
			.containsExactlyElementsOf(StoryIntegrationTests.STORY_FIELDS);
		assertThat(fieldNames(paths.get("/children").get("get"))).containsExactly("id", "name", "age", "gender",
				"interests", "createdAt", "updatedAt");
		assertThat(fieldNames(paths.get("/heroes").get("get"))).contains("personalityTraits").doesNotContain("userId");
		JsonNode ok = paths.get("/stories").get("get").get("responses").get("200");
		assertThat(ok.get("content").get("application/json").get("schema").get("items").get("$ref").asString())
			.endsWith("/PartialStory");
	}

	private void assertEveryFieldAloneMatches(String list, JsonNode full, List<String> fields) {
		assertThat(full.propertyNames()).containsExactlyElementsOf(fields);
		String separator = list.contains("?") ? "&" : "?";
		for (String field : fields) {
			EntityExchangeResult<String> response = get(list + separator + "fields=" + field);
			assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
			JsonNode sparse = jsonBody(response).get(0);
			assertThat(sparse.propertyNames()).as(field).containsExactly(field);
			assertThat(sparse.get(field)).as(field).isEqualTo(full.get(field));
		}
	}

	private static List<String> fieldNames(JsonNode operation) {
		List<String> names = new ArrayList<>();
		for (JsonNode parameter : operation.get("parameters")) {
			if (parameter.get("name").asString().equals("fields")) {
				assertThat(parameter.get("in").asString()).isEqualTo("query");
				assertThat(parameter.get("explode")).as(parameter.toString()).isNotNull();
				assertThat(parameter.get("explode").asBoolean()).isFalse();
				assertThat(parameter.get("description").asString()).contains("400");
				parameter.get("schema").get("items").get("enum").forEach((name) -> names.add(name.asString()));
			}
		}
		return names;
	}

	private void createStory(String childName, String title) {
		EntityExchangeResult<String> response = post("/stories", json(Map.of("title", title, "content",
				"Once upon a time…", "moral", "Be kind.", "childName", childName, "language", "es")));
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(201);
	}

	private static String unique(String prefix) {
		return prefix + " " + UUID.randomUUID();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	// paths as written (already encoded, or a Link the service sent), not URI templates
	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

}
