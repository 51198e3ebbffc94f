package com.talegenerator.tales.story;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

public class StoryIntegrationTests extends IntegrationTestSupport {

	/** A story's fields, in the order the API shows them. */
	public static final List<String> STORY_FIELDS = List.of("id", "title", "content", "moral", "childId", "childName",
			"childAge", "childGender", "childInterests", "modelUsed", "fullResponse", "generationInfo", "language",
			"storyLength", "rating", "audioFileUrl", "audioProvider", "audioGenerationMetadata", "thumbnailUrl",
			"createdAt", "updatedAt");

	@Test
	void storesAStoryWithoutAChildAndShowsEveryField() {
		EntityExchangeResult<String> created = post("/stories", story("Moon", Map.of()));

		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode story = jsonBody(created);
		assertThat(header(created, "Location")).hasValue(origin(created) + "/stories/" + story.get("id").asString());
		assertThat(story.propertyNames()).containsExactlyElementsOf(STORY_FIELDS);
		assertThat(story.get("childId").isNull()).isTrue();
		assertThat(story.get("childInterests").isNull()).isTrue();
		assertThat(story.get("rating").isNull()).isTrue();
		assertThat(story.get("language").asString()).isEqualTo("en");
		assertThat(story.get("createdAt").asString()).isEqualTo(story.get("updatedAt").asString()).endsWith("Z");
		assertThat(jsonBody(get("/stories/" + story.get("id").asString()))).isEqualTo(story);
	}

	@Test
	void copiesTheSnapshotFromAnExistingChildUnlessSent() {
		String childId = createChild("Mia", 5);

		JsonNode copied = jsonBody(post("/stories", story("Copied", Map.of("childId", childId))));
		JsonNode overridden = jsonBody(
				post("/stories", story("Overridden", Map.of("childId", childId, "childName", "Mimi", "childAge", 6))));

		assertThat(copied.get("childId").asString()).isEqualTo(childId);
		assertThat(copied.get("childName").asString()).isEqualTo("Mia");
		assertThat(copied.get("childAge").asInt()).isEqualTo(5);
		assertThat(copied.get("childGender").asString()).isEqualTo("girl");
		assertThat(copied.get("childInterests").toString()).isEqualTo("[\"owls\"]");
		assertThat(overridden.get("childName").asString()).isEqualTo("Mimi");
		assertThat(overridden.get("childAge").asInt()).isEqualTo(6);
		assertThat(overridden.get("childGender").asString()).isEqualTo("girl");
	}

	@Test
	void answers422ForAnUnknownChildAndStoresNothing() {
		String title = "Orphan " + UUID.randomUUID();
		EntityExchangeResult<String> response = post("/stories",
				story(title, Map.of("childId", UUID.randomUUID().toString())));

		assertThat(response.getStatus().value()).isEqualTo(422);
		assertThat(header(response, "Content-Type")).hasValue("application/problem+json");
		assertThat(jsonBody(response).get("errors").get(0).get("field").asString()).isEqualTo("childId");
		assertThat(countStories(title)).isZero();
	}

	@Test
	void createsANewChildWithTheStory() {
		String name = "Leo " + UUID.randomUUID();
		JsonNode story = jsonBody(post("/stories", story("New child",
				Map.of("child", Map.of("name", name, "age", 7, "gender", "boy", "interests", List.of("trains"))))));

		String childId = story.get("childId").asString();
		JsonNode child = jsonBody(get("/children/" + childId));
		assertThat(child.get("name").asString()).isEqualTo(name);
		assertThat(story.get("childName").asString()).isEqualTo(name);
		assertThat(story.get("childInterests").toString()).isEqualTo("[\"trains\"]");
	}

	@Test
	void rejectsBothChildIdAndChild() {
		EntityExchangeResult<String> response = post("/stories", story("Both", Map.of("childId",
				UUID.randomUUID().toString(), "child", Map.of("name", "X", "age", 3, "gender", "girl"))));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(jsonBody(response).get("errors").get(0).get("field").asString()).isEqualTo("child");
	}

	@Test
	void validatesTheNewChildInsideTheStory() {
		EntityExchangeResult<String> response = post("/stories",
				story("Bad child", Map.of("child", Map.of("name", " ", "age", 30, "gender", "girl"))));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(jsonBody(response).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("child.name",
				"child.age");
	}

	@Test
	void rollsBackTheNewChildWhenTheStoryCannotBeStored() {
		String title = "Doomed " + UUID.randomUUID();
		String childName = "Ghost " + UUID.randomUUID();
		// a real database failure on the story insert, after the child was inserted in
		// the
		// same transaction
		this.jdbc.execute("""
				CREATE OR REPLACE FUNCTION tales.test_refuse_story() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.title = '%s' THEN RAISE EXCEPTION 'refused by test'; END IF;
				  RETURN NEW;
				END $$""".formatted(title));
		this.jdbc.execute("CREATE TRIGGER test_refuse_story BEFORE INSERT ON tales.stories "
				+ "FOR EACH ROW EXECUTE FUNCTION tales.test_refuse_story()");
		try {
			EntityExchangeResult<String> response = post("/stories",
					story(title, Map.of("child", Map.of("name", childName, "age", 4, "gender", "boy"))));

			assertThat(response.getStatus().value()).isEqualTo(500);
			assertThat(response.getResponseBody()).doesNotContain("refused by test");
		}
		finally {
			this.jdbc.execute("DROP TRIGGER test_refuse_story ON tales.stories");
			this.jdbc.execute("DROP FUNCTION tales.test_refuse_story()");
		}
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name = ?", Long.class, childName))
			.isZero();
		assertThat(countStories(title)).isZero();
	}

	@Test
	void answersAStoryWithItsLengthAndStreamsALongList() {
		String name = "Length " + UUID.randomUUID();
		String content = "Жила-была лиса. ".repeat(200);
		String id = "";
		for (int i = 0; i < 30; i++) {
			id = jsonBody(post("/stories",
					json(Map.of("title", "Long " + i, "content", content, "moral", "m", "childName", name))))
				.get("id")
				.asString();
		}

		EntityExchangeResult<String> story = get("/stories/" + id);
		EntityExchangeResult<String> list = get("/stories?limit=30&childName=" + name.replace(" ", "%20"));

		assertThat(header(story, "Content-Length"))
			.hasValue(String.valueOf(story.getResponseBody().getBytes(StandardCharsets.UTF_8).length));
		assertThat(jsonBody(list)).hasSize(30);
		assertThat(list.getResponseBody().length()).isGreaterThan(64 * 1024);
		assertThat(header(list, "Content-Length")).isEmpty();
	}

	@Test
	void keepsArbitraryJsonExactlyAsSent() {
		String fullResponse = "{\"choices\":[{\"text\":\"Once…\",\"score\":0.1000,\"tokens\":12345678901234567890123}],"
				+ "\"nested\":{\"deep\":{\"deeper\":[true,false,null,\"✓ Привет\",-1.5e-7]}},\"empty\":{}}";
		String body = "{\"title\":\"Json\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":" + fullResponse
				+ ",\"generationInfo\":[1,\"two\",{\"three\":3.0}]}";

		JsonNode created = jsonBody(post("/stories", body));
		EntityExchangeResult<String> read = get("/stories/" + created.get("id").asString());

		assertThat(jsonBody(read).get("fullResponse")).isEqualTo(created.get("fullResponse"));
		assertThat(read.getResponseBody()).contains("0.1000", "12345678901234567890123", "Привет", "-1.5E-7");
		assertThat(jsonBody(read).get("generationInfo").toString()).isEqualTo("[1,\"two\",{\"three\":3.0}]");
		assertThat(this.jdbc.queryForObject(
				"SELECT full_response->'nested'->'deep'->'deeper'->>3 FROM tales.stories WHERE id = ?::uuid",
				String.class, created.get("id").asString()))
			.isEqualTo("✓ Привет");
	}

	@Test
	void rejectsNulCharactersThatPostgresCannotStore() {
		String title = "Nul " + UUID.randomUUID();
		String inJson = "{\"title\":\"" + title
				+ "\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":{\"a\":\"x\\u0000y\"}}";
		String inText = "{\"title\":\"" + title + "\",\"content\":\"c\\u0000\",\"moral\":\"m\"}";

		for (String body : List.of(inJson, inText)) {
			EntityExchangeResult<String> response = post("/stories", body);
			assertThat(response.getStatus().value()).as(body).isEqualTo(400);
			assertThat(response.getResponseBody()).doesNotContainIgnoringCase("sql").doesNotContain("0x00");
		}
		assertThat(countStories(title)).isZero();
	}

	@Test
	void storesJsonNullAsNoValue() {
		JsonNode created = jsonBody(post("/stories", story("Nulls", mapOfNull("fullResponse"))));

		assertThat(created.get("fullResponse").isNull()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT full_response IS NULL FROM tales.stories WHERE id = ?::uuid",
				Boolean.class, created.get("id").asString()))
			.isTrue();
	}

	@Test
	void filtersByEveryParameterCombined() {
		String childId = createChild("Filter", 8);
		String name = "Name " + UUID.randomUUID();
		String a = id(post("/stories",
				story("A", Map.of("childName", name, "language", "ru", "rating", 9, "childId", childId))));
		id(post("/stories", story("B", Map.of("childName", name, "language", "ru", "rating", 4))));
		String c = id(post("/stories", story("C", Map.of("childName", name, "language", "es", "rating", 5))));
		id(post("/stories", story("D", Map.of("childName", name, "language", "ru"))));

		assertThat(ids("/stories?childName=" + encode(name) + "&minRating=5")).containsExactly(c, a);
		assertThat(ids("/stories?childName=" + encode(name) + "&language=ru&minRating=5")).containsExactly(a);
		assertThat(ids("/stories?childId=" + childId)).containsExactly(a);
		assertThat(ids("/children/" + childId + "/stories")).containsExactly(a);
		assertThat(ids("/stories?childName=" + encode(name) + "&language=es")).containsExactly(c);
	}

	@Test
	void answers404ForTheStoriesOfAnUnknownChild() {
		assertThat(get("/children/" + UUID.randomUUID() + "/stories").getStatus().value()).isEqualTo(404);
	}

	@Test
	void rejectsOutOfRangeListParameters() {
		assertThat(get("/stories?minRating=11").getStatus().value()).isEqualTo(400);
		assertThat(get("/stories?minRating=0").getStatus().value()).isEqualTo(400);
		assertThat(get("/stories?minRating=4.5").getStatus().value()).isEqualTo(400);
		assertThat(get("/stories?language=english").getStatus().value()).isEqualTo(400);
		assertThat(jsonBody(get("/stories?childId=42")).get("errors").get(0).get("field").asString())
			.isEqualTo("childId");
	}

	@Test
	void pagesThroughAFilteredListWithTheLinkHeader() {
		String name = "Pages " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(0, id(post("/stories", story("P" + i, Map.of("childName", name)))));
		}

		List<String> seen = new ArrayList<>();
		String next = "/stories?childName=" + encode(name) + "&limit=3";
		int pages = 0;
		while (next != null) {
			EntityExchangeResult<String> page = get(next);
			assertThat(page.getStatus().value()).isEqualTo(200);
			jsonBody(page).forEach((story) -> seen.add(story.get("id").asString()));
			next = nextLink(page).orElse(null);
			pages++;
			assertThat(next == null || next.contains("limit=3")).isTrue();
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(created);
	}

	@Test
	void ratesAStory() {
		JsonNode story = jsonBody(post("/stories", story("Rate me", Map.of())));
		String id = story.get("id").asString();

		EntityExchangeResult<String> rated = put("/stories/" + id + "/rating", "{\"rating\":8}");

		assertThat(rated.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(rated).get("rating").asInt()).isEqualTo(8);
		assertThat(jsonBody(rated).get("createdAt")).isEqualTo(story.get("createdAt"));
		assertThat(jsonBody(rated).get("updatedAt").asString()).isNotEqualTo(story.get("updatedAt").asString());
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(jsonBody(rated));
	}

	@Test
	void rejectsInvalidRatings() {
		String id = id(post("/stories", story("Bad ratings", Map.of())));
		for (String body : List.of("{\"rating\":0}", "{\"rating\":11}", "{\"rating\":8.5}", "{\"rating\":\"8\"}", "{}",
				"{\"rating\":null}")) {
			EntityExchangeResult<String> response = put("/stories/" + id + "/rating", body);
			assertThat(response.getStatus().value()).as(body).isEqualTo(400);
			assertThat(jsonBody(response).get("errors").get(0).get("field").asString()).as(body).isEqualTo("rating");
		}
		assertThat(jsonBody(get("/stories/" + id)).get("rating").isNull()).isTrue();
		assertThat(put("/stories/" + UUID.randomUUID() + "/rating", "{\"rating\":5}").getStatus().value())
			.isEqualTo(404);
	}

	@Test
	void deletesAStory() {
		String id = id(post("/stories", story("Delete me", Map.of())));

		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);
		assertThat(get("/stories/" + id).getStatus().value()).isEqualTo(404);
		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(404);
	}

	@Test
	void keepsTheSnapshotWhenTheChildIsDeleted() {
		String childId = createChild("Gone", 9);
		String id = id(post("/stories", story("Survivor", Map.of("childId", childId))));

		assertThat(delete("/children/" + childId).getStatus().value()).isEqualTo(204);

		JsonNode story = jsonBody(get("/stories/" + id));
		assertThat(story.get("childId").isNull()).isTrue();
		assertThat(story.get("childName").asString()).isEqualTo("Gone");
		assertThat(story.get("childAge").asInt()).isEqualTo(9);
	}

	@Test
	void validatesTheStoryRules() {
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("title", "x".repeat(501));
		bad.put("content", " ");
		bad.put("moral", "");
		bad.put("language", "EN");
		bad.put("rating", 11);
		bad.put("storyLength", -1);
		bad.put("childAge", 19);
		EntityExchangeResult<String> response = post("/stories", json(bad));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(jsonBody(response).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("title",
				"content", "moral", "language", "rating", "storyLength", "childAge");
		assertThat(post("/stories", story("x".repeat(500), Map.of("content", "y".repeat(200_000)))).getStatus().value())
			.isEqualTo(201);
		assertThat(post("/stories", story("Too long", Map.of("content", "y".repeat(200_001)))).getStatus().value())
			.isEqualTo(400);
	}

	@Test
	void countsEverythingInStats() {
		JsonNode before = jsonBody(get("/stats"));
		createChild("Stats", 3);
		id(post("/stories", story("S1", Map.of("language", "qx", "rating", 3))));
		id(post("/stories", story("S2", Map.of("language", "qx", "rating", 10))));
		id(post("/stories", story("S3", Map.of("language", "qx"))));

		JsonNode after = jsonBody(get("/stats"));

		assertThat(after.propertyNames()).containsExactly("children", "heroes", "stories", "ratedStories",
				"averageRating", "storiesByLanguage");
		assertThat(after.get("children").asLong() - before.get("children").asLong()).isEqualTo(1);
		assertThat(after.get("stories").asLong() - before.get("stories").asLong()).isEqualTo(3);
		assertThat(after.get("ratedStories").asLong() - before.get("ratedStories").asLong()).isEqualTo(2);
		assertThat(after.get("storiesByLanguage").get("qx").asLong()
				- before.get("storiesByLanguage").path("qx").asLong(0))
			.isEqualTo(3);
		List<Integer> ratings = this.jdbc.queryForList("SELECT rating FROM tales.stories WHERE rating IS NOT NULL",
				Integer.class);
		BigDecimal expected = BigDecimal.valueOf(ratings.stream().mapToInt(Integer::intValue).sum())
			.divide(BigDecimal.valueOf(ratings.size()), 2, RoundingMode.HALF_UP);
		assertThat(after.get("averageRating").decimalValue()).isEqualByComparingTo(expected);
	}

	private String createChild(String name, int age) {
		EntityExchangeResult<String> response = post("/children",
				json(Map.of("name", name, "age", age, "gender", "girl", "interests", List.of("owls"))));
		assertThat(response.getStatus().value()).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	private static String story(String title, Map<String, ?> extra) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", title);
		body.put("content", "Once upon a time…");
		body.put("moral", "Be kind.");
		body.putAll(extra);
		return json(body);
	}

	private static Map<String, Object> mapOfNull(String key) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(key, null);
		return map;
	}

	private static String id(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	private List<String> ids(String path) {
		EntityExchangeResult<String> response = get(path);
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		jsonBody(response).forEach((story) -> ids.add(story.get("id").asString()));
		return ids;
	}

	private long countStories(String title) {
		return this.jdbc.queryForObject("SELECT count(*) FROM tales.stories WHERE title = ?", Long.class, title);
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
