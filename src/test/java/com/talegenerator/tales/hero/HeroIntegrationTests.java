package com.talegenerator.tales.hero;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.nextLink;
import static com.talegenerator.tales.Exchanges.origin;
import static org.assertj.core.api.Assertions.assertThat;

class HeroIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsAHeroWithDefaults() {
		EntityExchangeResult<String> created = post("/heroes",
				"{\"name\":\"Luna\",\"gender\":\"female\",\"appearance\":\"silver hair\"}");

		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode hero = jsonBody(created);
		String id = hero.get("id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(header(created, "Location")).hasValue(origin(created) + "/heroes/" + id);
		assertThat(fieldNames(hero)).containsExactly("id", "name", "gender", "appearance", "personalityTraits",
				"interests", "strengths", "language", "portraitUrl", "createdAt", "updatedAt");
		assertThat(hero.get("name").asString()).isEqualTo("Luna");
		assertThat(hero.get("gender").asString()).isEqualTo("female");
		assertThat(hero.get("appearance").asString()).isEqualTo("silver hair");
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[]");
		assertThat(hero.get("interests").toString()).isEqualTo("[]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[]");
		assertThat(hero.get("language").asString()).isEqualTo("en");
		assertThat(hero.get("createdAt").asString()).endsWith("Z");
		assertThat(hero.get("updatedAt").asString()).isEqualTo(hero.get("createdAt").asString());
	}

	@Test
	void treatsNullOptionalFieldsAsDefaults() {
		EntityExchangeResult<String> created = post("/heroes",
				"{\"name\":\"Luna\",\"gender\":\"female\",\"appearance\":\"silver hair\",\"personalityTraits\":null,"
						+ "\"interests\":null,\"strengths\":null,\"language\":null}");

		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode hero = jsonBody(created);
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[]");
		assertThat(hero.get("interests").toString()).isEqualTo("[]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[]");
		assertThat(hero.get("language").asString()).isEqualTo("en");
	}

	@Test
	void createsAndReadsAHeroWithAllFields() {
		EntityExchangeResult<String> created = post("/heroes", json(hero("Captain Wonder", "nl",
				List.of("brave", "kind"), List.of("flying"), List.of("super strength", "x-ray vision"))));
		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode hero = jsonBody(created);
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[\"brave\",\"kind\"]");
		assertThat(hero.get("interests").toString()).isEqualTo("[\"flying\"]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[\"super strength\",\"x-ray vision\"]");
		assertThat(hero.get("language").asString()).isEqualTo("nl");

		EntityExchangeResult<String> read = get("/heroes/" + hero.get("id").asString());
		assertThat(read.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(read)).isEqualTo(hero);
	}

	@Test
	void returns404ForUnknownHero() {
		EntityExchangeResult<String> response = get("/heroes/" + UUID.randomUUID());

		assertThat(response.getStatus().value()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void rejectsMalformedId() {
		EntityExchangeResult<String> response = get("/heroes/not-a-uuid");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("id");
	}

	@Test
	void replacesAHero() throws InterruptedException {
		JsonNode original = create(hero("Old Name", "en", List.of("shy"), List.of("books"), List.of("wit")));
		String id = original.get("id").asString();
		Thread.sleep(5); // updatedAt must visibly move on

		EntityExchangeResult<String> replaced = put("/heroes/" + id,
				"{\"name\":\"New Name\",\"gender\":\"male\",\"appearance\":\"tall\",\"interests\":[\"chess\"],"
						+ "\"language\":\"fr\"}");

		assertThat(replaced.getStatus().value()).isEqualTo(200);
		JsonNode hero = jsonBody(replaced);
		assertThat(hero.get("id").asString()).isEqualTo(id);
		assertThat(hero.get("name").asString()).isEqualTo("New Name");
		assertThat(hero.get("gender").asString()).isEqualTo("male");
		assertThat(hero.get("appearance").asString()).isEqualTo("tall");
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[]");
		assertThat(hero.get("interests").toString()).isEqualTo("[\"chess\"]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[]");
		assertThat(hero.get("language").asString()).isEqualTo("fr");
		assertThat(hero.get("createdAt")).isEqualTo(original.get("createdAt"));
		assertThat(hero.get("updatedAt")).isNotEqualTo(original.get("updatedAt"));
		assertThat(jsonBody(get("/heroes/" + id))).isEqualTo(hero);
	}

	@Test
	void returns404WhenReplacingUnknownHero() {
		EntityExchangeResult<String> response = put("/heroes/" + UUID.randomUUID(),
				"{\"name\":\"Nobody\",\"gender\":\"male\",\"appearance\":\"tall\"}");

		assertThat(response.getStatus().value()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void deletesAHero() {
		String id = create(hero("Doomed", "en")).get("id").asString();

		EntityExchangeResult<String> deleted = delete("/heroes/" + id);

		assertThat(deleted.getStatus().value()).isEqualTo(204);
		assertThat(deleted.getResponseBodyContent()).isEmpty();
		assertThat(get("/heroes/" + id).getStatus().value()).isEqualTo(404);
		assertThat(delete("/heroes/" + id).getStatus().value()).isEqualTo(404);
	}

	@Test
	void returns404WhenDeletingUnknownHero() {
		EntityExchangeResult<String> response = delete("/heroes/" + UUID.randomUUID());

		assertThat(response.getStatus().value()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void filtersByNameAndLanguage() {
		String name = "Filtered " + UUID.randomUUID();
		String other = "Other " + UUID.randomUUID();
		String englishId = create(hero(name, "en")).get("id").asString();
		String germanId = create(hero(name, "de")).get("id").asString();
		String otherGermanId = create(hero(other, "de")).get("id").asString();

		assertThat(ids(get("/heroes?name=" + encode(name)))).containsExactly(germanId, englishId);
		assertThat(ids(get("/heroes?name=" + encode(name) + "&language=de"))).containsExactly(germanId);
		assertThat(ids(get("/heroes?name=" + encode(name) + "&language=fr"))).isEmpty();
		EntityExchangeResult<String> german = get("/heroes?language=de&limit=500");
		assertThat(ids(german)).contains(germanId, otherGermanId).doesNotContain(englishId);
		jsonBody(german).forEach((hero) -> assertThat(hero.get("language").asString()).isEqualTo("de"));
	}

	@Test
	void listsNewestFirst() {
		String name = "Ordered " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			created.add(create(hero(name, "en")).get("id").asString());
		}
		Collections.reverse(created);

		EntityExchangeResult<String> response = get("/heroes?name=" + encode(name));

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(ids(response)).containsExactlyElementsOf(created);
		assertThat(nextLink(response)).isEmpty();
	}

	@Test
	void pagesThroughHeroesWithTheNextLink() {
		String name = "Paged " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create(hero(name, "it")).get("id").asString());
		}
		Collections.reverse(created);

		List<String> seen = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		EntityExchangeResult<String> page = get("/heroes?name=" + encode(name) + "&language=it&limit=2");
		while (true) {
			assertThat(page.getStatus().value()).isEqualTo(200);
			List<String> ids = ids(page);
			seen.addAll(ids);
			pageSizes.add(ids.size());
			String next = nextLink(page).orElse(null);
			if (next == null) {
				break;
			}
			assertThat(next).contains("limit=2").contains("language=it").contains("after=");
			page = get(next);
		}

		assertThat(seen).containsExactlyElementsOf(created);
		assertThat(pageSizes).containsExactly(2, 2, 1);
	}

	@Test
	void rejectsBlankName() {
		EntityExchangeResult<String> response = post("/heroes",
				"{\"name\":\"  \",\"gender\":\"female\",\"appearance\":\"silver hair\"}");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("name");
	}

	@Test
	void rejectsMissingRequiredFields() {
		EntityExchangeResult<String> response = post("/heroes", "{}");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("name", "gender", "appearance");
	}

	@Test
	void rejectsTooLongAppearance() {
		Map<String, Object> hero = hero("Wordy", "en");
		hero.put("appearance", "a".repeat(2001));

		EntityExchangeResult<String> response = post("/heroes", json(hero));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("appearance");
	}

	@Test
	void acceptsAppearanceOfTheMaximumLength() {
		Map<String, Object> hero = hero("Wordy", "en");
		hero.put("appearance", "a".repeat(2000));

		assertThat(post("/heroes", json(hero)).getStatus().value()).isEqualTo(201);
	}

	@Test
	void rejectsMoreThan50Traits() {
		List<String> traits = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			traits.add("trait " + i);
		}

		EntityExchangeResult<String> response = post("/heroes",
				json(hero("Complex", "en", traits, List.of(), List.of())));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("personalityTraits");
	}

	@Test
	void rejectsATraitLongerThan100Characters() {
		EntityExchangeResult<String> response = post("/heroes",
				json(hero("Complex", "en", List.of("fine", "x".repeat(101)), List.of(), List.of())));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("personalityTraits[1]");
	}

	@Test
	void rejectsUpperCaseLanguage() {
		EntityExchangeResult<String> response = post("/heroes", json(hero("Shouty", "EN")));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsThreeLetterLanguage() {
		EntityExchangeResult<String> response = post("/heroes", json(hero("Verbose", "eng")));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsInvalidFieldsOnReplace() {
		String id = create(hero("Valid", "en")).get("id").asString();

		EntityExchangeResult<String> response = put("/heroes/" + id, json(hero("Valid", "eng")));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsInvalidLanguageFilter() {
		EntityExchangeResult<String> response = get("/heroes?language=xx1");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsLimitOutOfRange() {
		EntityExchangeResult<String> response = get("/heroes?limit=501");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("limit");
	}

	@Test
	void rejectsMalformedCursor() {
		EntityExchangeResult<String> response = get("/heroes?after=garbage");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("after");
	}

	private JsonNode create(Map<String, Object> hero) {
		EntityExchangeResult<String> created = post("/heroes", json(hero));
		assertThat(created.getStatus().value()).as(created.toString()).isEqualTo(201);
		return jsonBody(created);
	}

	private static Map<String, Object> hero(String name, String language) {
		return hero(name, language, List.of("curious"), List.of("maps"), List.of("speed"));
	}

	private static Map<String, Object> hero(String name, String language, List<String> personalityTraits,
			List<String> interests, List<String> strengths) {
		Map<String, Object> hero = new LinkedHashMap<>();
		hero.put("name", name);
		hero.put("gender", "non-binary");
		hero.put("appearance", "a green cape");
		hero.put("personalityTraits", personalityTraits);
		hero.put("interests", interests);
		hero.put("strengths", strengths);
		hero.put("language", language);
		return hero;
	}

	private static void assertProblem(EntityExchangeResult<String> response) {
		assertThat(header(response, "Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = jsonBody(response);
		assertThat(problem.get("status").asInt()).isEqualTo(response.getStatus().value());
		assertThat(problem.has("detail")).isTrue();
	}

	private static List<String> errorFields(EntityExchangeResult<String> response) {
		List<String> fields = new ArrayList<>();
		jsonBody(response).get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

	private static List<String> ids(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		jsonBody(response).forEach((hero) -> ids.add(hero.get("id").asString()));
		return ids;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
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

	private EntityExchangeResult<String> put(String path, String json) {
		return this.client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> delete(String path) {
		return this.client.delete().uri(URI.create(path)).exchange().returnResult(String.class);
	}

}
