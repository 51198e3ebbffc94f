package com.talegenerator.tales.hero;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class HeroIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsAHeroWithDefaults() {
		HttpApi.Response created = this.api.post("/heroes",
				"{\"name\":\"Luna\",\"gender\":\"female\",\"appearance\":\"silver hair\"}");

		assertThat(created.status()).isEqualTo(201);
		JsonNode hero = created.json();
		String id = hero.get("id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(created.header("Location")).hasValue(this.api.base() + "/heroes/" + id);
		assertThat(fieldNames(hero)).containsExactly("id", "name", "gender", "appearance", "personalityTraits",
				"interests", "strengths", "language", "createdAt", "updatedAt");
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
		HttpApi.Response created = this.api.post("/heroes",
				"{\"name\":\"Luna\",\"gender\":\"female\",\"appearance\":\"silver hair\",\"personalityTraits\":null,"
						+ "\"interests\":null,\"strengths\":null,\"language\":null}");

		assertThat(created.status()).isEqualTo(201);
		JsonNode hero = created.json();
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[]");
		assertThat(hero.get("interests").toString()).isEqualTo("[]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[]");
		assertThat(hero.get("language").asString()).isEqualTo("en");
	}

	@Test
	void createsAndReadsAHeroWithAllFields() {
		HttpApi.Response created = this.api.post("/heroes", HttpApi.json(hero("Captain Wonder", "nl",
				List.of("brave", "kind"), List.of("flying"), List.of("super strength", "x-ray vision"))));
		assertThat(created.status()).isEqualTo(201);
		JsonNode hero = created.json();
		assertThat(hero.get("personalityTraits").toString()).isEqualTo("[\"brave\",\"kind\"]");
		assertThat(hero.get("interests").toString()).isEqualTo("[\"flying\"]");
		assertThat(hero.get("strengths").toString()).isEqualTo("[\"super strength\",\"x-ray vision\"]");
		assertThat(hero.get("language").asString()).isEqualTo("nl");

		HttpApi.Response read = this.api.get("/heroes/" + hero.get("id").asString());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(hero);
	}

	@Test
	void returns404ForUnknownHero() {
		HttpApi.Response response = this.api.get("/heroes/" + UUID.randomUUID());

		assertThat(response.status()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void rejectsMalformedId() {
		HttpApi.Response response = this.api.get("/heroes/not-a-uuid");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("id");
	}

	@Test
	void replacesAHero() throws InterruptedException {
		JsonNode original = create(hero("Old Name", "en", List.of("shy"), List.of("books"), List.of("wit")));
		String id = original.get("id").asString();
		Thread.sleep(5); // updatedAt must visibly move on

		HttpApi.Response replaced = this.api.put("/heroes/" + id,
				"{\"name\":\"New Name\",\"gender\":\"male\",\"appearance\":\"tall\",\"interests\":[\"chess\"],"
						+ "\"language\":\"fr\"}");

		assertThat(replaced.status()).isEqualTo(200);
		JsonNode hero = replaced.json();
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
		assertThat(this.api.get("/heroes/" + id).json()).isEqualTo(hero);
	}

	@Test
	void returns404WhenReplacingUnknownHero() {
		HttpApi.Response response = this.api.put("/heroes/" + UUID.randomUUID(),
				"{\"name\":\"Nobody\",\"gender\":\"male\",\"appearance\":\"tall\"}");

		assertThat(response.status()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void deletesAHero() {
		String id = create(hero("Doomed", "en")).get("id").asString();

		HttpApi.Response deleted = this.api.delete("/heroes/" + id);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertThat(this.api.get("/heroes/" + id).status()).isEqualTo(404);
		assertThat(this.api.delete("/heroes/" + id).status()).isEqualTo(404);
	}

	@Test
	void returns404WhenDeletingUnknownHero() {
		HttpApi.Response response = this.api.delete("/heroes/" + UUID.randomUUID());

		assertThat(response.status()).isEqualTo(404);
		assertProblem(response);
	}

	@Test
	void filtersByNameAndLanguage() {
		String name = "Filtered " + UUID.randomUUID();
		String other = "Other " + UUID.randomUUID();
		String englishId = create(hero(name, "en")).get("id").asString();
		String germanId = create(hero(name, "de")).get("id").asString();
		String otherGermanId = create(hero(other, "de")).get("id").asString();

		assertThat(ids(this.api.get("/heroes?name=" + encode(name)))).containsExactly(germanId, englishId);
		assertThat(ids(this.api.get("/heroes?name=" + encode(name) + "&language=de"))).containsExactly(germanId);
		assertThat(ids(this.api.get("/heroes?name=" + encode(name) + "&language=fr"))).isEmpty();
		HttpApi.Response german = this.api.get("/heroes?language=de&limit=500");
		assertThat(ids(german)).contains(germanId, otherGermanId).doesNotContain(englishId);
		german.json().forEach((hero) -> assertThat(hero.get("language").asString()).isEqualTo("de"));
	}

	@Test
	void listsNewestFirst() {
		String name = "Ordered " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			created.add(create(hero(name, "en")).get("id").asString());
		}
		Collections.reverse(created);

		HttpApi.Response response = this.api.get("/heroes?name=" + encode(name));

		assertThat(response.status()).isEqualTo(200);
		assertThat(ids(response)).containsExactlyElementsOf(created);
		assertThat(response.nextLink()).isEmpty();
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
		HttpApi.Response page = this.api.get("/heroes?name=" + encode(name) + "&language=it&limit=2");
		while (true) {
			assertThat(page.status()).isEqualTo(200);
			List<String> ids = ids(page);
			seen.addAll(ids);
			pageSizes.add(ids.size());
			String next = page.nextLink().orElse(null);
			if (next == null) {
				break;
			}
			assertThat(next).contains("limit=2").contains("language=it").contains("after=");
			page = this.api.get(next);
		}

		assertThat(seen).containsExactlyElementsOf(created);
		assertThat(pageSizes).containsExactly(2, 2, 1);
	}

	@Test
	void rejectsBlankName() {
		HttpApi.Response response = this.api.post("/heroes",
				"{\"name\":\"  \",\"gender\":\"female\",\"appearance\":\"silver hair\"}");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("name");
	}

	@Test
	void rejectsMissingRequiredFields() {
		HttpApi.Response response = this.api.post("/heroes", "{}");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("name", "gender", "appearance");
	}

	@Test
	void rejectsTooLongAppearance() {
		Map<String, Object> hero = hero("Wordy", "en");
		hero.put("appearance", "a".repeat(2001));

		HttpApi.Response response = this.api.post("/heroes", HttpApi.json(hero));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("appearance");
	}

	@Test
	void acceptsAppearanceOfTheMaximumLength() {
		Map<String, Object> hero = hero("Wordy", "en");
		hero.put("appearance", "a".repeat(2000));

		assertThat(this.api.post("/heroes", HttpApi.json(hero)).status()).isEqualTo(201);
	}

	@Test
	void rejectsMoreThan50Traits() {
		List<String> traits = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			traits.add("trait " + i);
		}

		HttpApi.Response response = this.api.post("/heroes",
				HttpApi.json(hero("Complex", "en", traits, List.of(), List.of())));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("personalityTraits");
	}

	@Test
	void rejectsATraitLongerThan100Characters() {
		HttpApi.Response response = this.api.post("/heroes",
				HttpApi.json(hero("Complex", "en", List.of("fine", "x".repeat(101)), List.of(), List.of())));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("personalityTraits[1]");
	}

	@Test
	void rejectsUpperCaseLanguage() {
		HttpApi.Response response = this.api.post("/heroes", HttpApi.json(hero("Shouty", "EN")));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsThreeLetterLanguage() {
		HttpApi.Response response = this.api.post("/heroes", HttpApi.json(hero("Verbose", "eng")));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsInvalidFieldsOnReplace() {
		String id = create(hero("Valid", "en")).get("id").asString();

		HttpApi.Response response = this.api.put("/heroes/" + id, HttpApi.json(hero("Valid", "eng")));

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsInvalidLanguageFilter() {
		HttpApi.Response response = this.api.get("/heroes?language=xx1");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("language");
	}

	@Test
	void rejectsLimitOutOfRange() {
		HttpApi.Response response = this.api.get("/heroes?limit=501");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("limit");
	}

	@Test
	void rejectsMalformedCursor() {
		HttpApi.Response response = this.api.get("/heroes?after=garbage");

		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(errorFields(response)).containsExactly("after");
	}

	private JsonNode create(Map<String, Object> hero) {
		HttpApi.Response created = this.api.post("/heroes", HttpApi.json(hero));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
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

	private static void assertProblem(HttpApi.Response response) {
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(response.status());
		assertThat(problem.has("detail")).isTrue();
	}

	private static List<String> errorFields(HttpApi.Response response) {
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

	private static List<String> ids(HttpApi.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().forEach((hero) -> ids.add(hero.get("id").asString()));
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

}
