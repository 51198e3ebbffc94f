package com.talegenerator.tales.story;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

public class StoryIntegrationTests extends IntegrationTestSupport {

	/** A story's fields, in the order the API shows them. */
	public static final List<String> STORY_FIELDS = List.of("id", "title", "content", "moral", "childId", "childName",
			"childAge", "childGender", "childInterests", "modelUsed", "fullResponse", "generationInfo", "language",
			"storyLength", "rating", "audioFileUrl", "audioProvider", "audioGenerationMetadata", "createdAt",
			"updatedAt");

	@Test
	void storesAStoryWithoutAChildAndShowsEveryField() {
		HttpApi.Response created = this.api.post("/stories", story("Moon", Map.of()));

		assertThat(created.status()).isEqualTo(201);
		JsonNode story = created.json();
		assertThat(created.header("Location")).hasValue(this.api.base() + "/stories/" + story.get("id").asString());
		assertThat(story.propertyNames()).containsExactlyElementsOf(STORY_FIELDS);
		assertThat(story.get("childId").isNull()).isTrue();
		assertThat(story.get("childInterests").isNull()).isTrue();
		assertThat(story.get("rating").isNull()).isTrue();
		assertThat(story.get("language").asString()).isEqualTo("en");
		assertThat(story.get("createdAt").asString()).isEqualTo(story.get("updatedAt").asString()).endsWith("Z");
		assertThat(this.api.get("/stories/" + story.get("id").asString()).json()).isEqualTo(story);
	}

	@Test
	void copiesTheSnapshotFromAnExistingChildUnlessSent() {
		String childId = createChild("Mia", 5);

		JsonNode copied = this.api.post("/stories", story("Copied", Map.of("childId", childId))).json();
		JsonNode overridden = this.api
			.post("/stories", story("Overridden", Map.of("childId", childId, "childName", "Mimi", "childAge", 6)))
			.json();

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
		HttpApi.Response response = this.api.post("/stories",
				story(title, Map.of("childId", UUID.randomUUID().toString())));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("childId");
		assertThat(countStories(title)).isZero();
	}

	@Test
	void createsANewChildWithTheStory() {
		String name = "Leo " + UUID.randomUUID();
		JsonNode story = this.api
			.post("/stories",
					story("New child",
							Map.of("child",
									Map.of("name", name, "age", 7, "gender", "boy", "interests", List.of("trains")))))
			.json();

		String childId = story.get("childId").asString();
		JsonNode child = this.api.get("/children/" + childId).json();
		assertThat(child.get("name").asString()).isEqualTo(name);
		assertThat(story.get("childName").asString()).isEqualTo(name);
		assertThat(story.get("childInterests").toString()).isEqualTo("[\"trains\"]");
	}

	@Test
	void rejectsBothChildIdAndChild() {
		HttpApi.Response response = this.api.post("/stories", story("Both", Map.of("childId",
				UUID.randomUUID().toString(), "child", Map.of("name", "X", "age", 3, "gender", "girl"))));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("child");
	}

	@Test
	void validatesTheNewChildInsideTheStory() {
		HttpApi.Response response = this.api.post("/stories",
				story("Bad child", Map.of("child", Map.of("name", " ", "age", 30, "gender", "girl"))));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("child.name",
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
			HttpApi.Response response = this.api.post("/stories",
					story(title, Map.of("child", Map.of("name", childName, "age", 4, "gender", "boy"))));

			assertThat(response.status()).isEqualTo(500);
			assertThat(response.body()).doesNotContain("refused by test");
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
			id = this.api
				.post("/stories",
						HttpApi.json(Map.of("title", "Long " + i, "content", content, "moral", "m", "childName", name)))
				.json()
				.get("id")
				.asString();
		}

		HttpApi.Response story = this.api.get("/stories/" + id);
		HttpApi.Response list = this.api.get("/stories?limit=30&childName=" + name.replace(" ", "%20"));

		assertThat(story.header("Content-Length"))
			.hasValue(String.valueOf(story.body().getBytes(StandardCharsets.UTF_8).length));
		assertThat(list.json()).hasSize(30);
		assertThat(list.body().length()).isGreaterThan(64 * 1024);
		assertThat(list.header("Content-Length")).isEmpty();
	}

	@Test
	void keepsArbitraryJsonExactlyAsSent() {
		String fullResponse = "{\"choices\":[{\"text\":\"Once…\",\"score\":0.1000,\"tokens\":12345678901234567890123}],"
				+ "\"nested\":{\"deep\":{\"deeper\":[true,false,null,\"✓ Привет\",-1.5e-7]}},\"empty\":{}}";
		String body = "{\"title\":\"Json\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":" + fullResponse
				+ ",\"generationInfo\":[1,\"two\",{\"three\":3.0}]}";

		JsonNode created = this.api.post("/stories", body).json();
		HttpApi.Response read = this.api.get("/stories/" + created.get("id").asString());

		assertThat(read.json().get("fullResponse")).isEqualTo(created.get("fullResponse"));
		assertThat(read.body()).contains("0.1000", "12345678901234567890123", "Привет", "-1.5E-7");
		assertThat(read.json().get("generationInfo").toString()).isEqualTo("[1,\"two\",{\"three\":3.0}]");
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
			HttpApi.Response response = this.api.post("/stories", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.body()).doesNotContainIgnoringCase("sql").doesNotContain("0x00");
		}
		assertThat(countStories(title)).isZero();
	}

	@Test
	void storesJsonNullAsNoValue() {
		JsonNode created = this.api.post("/stories", story("Nulls", mapOfNull("fullResponse"))).json();

		assertThat(created.get("fullResponse").isNull()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT full_response IS NULL FROM tales.stories WHERE id = ?::uuid",
				Boolean.class, created.get("id").asString()))
			.isTrue();
	}

	@Test
	void filtersByEveryParameterCombined() {
		String childId = createChild("Filter", 8);
		String name = "Name " + UUID.randomUUID();
		String a = id(this.api.post("/stories",
				story("A", Map.of("childName", name, "language", "ru", "rating", 9, "childId", childId))));
		id(this.api.post("/stories", story("B", Map.of("childName", name, "language", "ru", "rating", 4))));
		String c = id(this.api.post("/stories", story("C", Map.of("childName", name, "language", "es", "rating", 5))));
		id(this.api.post("/stories", story("D", Map.of("childName", name, "language", "ru"))));

		assertThat(ids("/stories?childName=" + encode(name) + "&minRating=5")).containsExactly(c, a);
		assertThat(ids("/stories?childName=" + encode(name) + "&language=ru&minRating=5")).containsExactly(a);
		assertThat(ids("/stories?childId=" + childId)).containsExactly(a);
		assertThat(ids("/children/" + childId + "/stories")).containsExactly(a);
		assertThat(ids("/stories?childName=" + encode(name) + "&language=es")).containsExactly(c);
	}

	@Test
	void answers404ForTheStoriesOfAnUnknownChild() {
		assertThat(this.api.get("/children/" + UUID.randomUUID() + "/stories").status()).isEqualTo(404);
	}

	@Test
	void rejectsOutOfRangeListParameters() {
		assertThat(this.api.get("/stories?minRating=11").status()).isEqualTo(400);
		assertThat(this.api.get("/stories?minRating=0").status()).isEqualTo(400);
		assertThat(this.api.get("/stories?minRating=4.5").status()).isEqualTo(400);
		assertThat(this.api.get("/stories?language=english").status()).isEqualTo(400);
		assertThat(this.api.get("/stories?childId=42").json().get("errors").get(0).get("field").asString())
			.isEqualTo("childId");
	}

	@Test
	void pagesThroughAFilteredListWithTheLinkHeader() {
		String name = "Pages " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(0, id(this.api.post("/stories", story("P" + i, Map.of("childName", name)))));
		}

		List<String> seen = new ArrayList<>();
		String next = "/stories?childName=" + encode(name) + "&limit=3";
		int pages = 0;
		while (next != null) {
			HttpApi.Response page = this.api.get(next);
			assertThat(page.status()).isEqualTo(200);
			page.json().forEach((story) -> seen.add(story.get("id").asString()));
			next = page.nextLink().orElse(null);
			pages++;
			assertThat(next == null || next.contains("limit=3")).isTrue();
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(created);
	}

	@Test
	void ratesAStory() {
		JsonNode story = this.api.post("/stories", story("Rate me", Map.of())).json();
		String id = story.get("id").asString();

		HttpApi.Response rated = this.api.put("/stories/" + id + "/rating", "{\"rating\":8}");

		assertThat(rated.status()).isEqualTo(200);
		assertThat(rated.json().get("rating").asInt()).isEqualTo(8);
		assertThat(rated.json().get("createdAt")).isEqualTo(story.get("createdAt"));
		assertThat(rated.json().get("updatedAt").asString()).isNotEqualTo(story.get("updatedAt").asString());
		assertThat(this.api.get("/stories/" + id).json()).isEqualTo(rated.json());
	}

	@Test
	void rejectsInvalidRatings() {
		String id = id(this.api.post("/stories", story("Bad ratings", Map.of())));
		for (String body : List.of("{\"rating\":0}", "{\"rating\":11}", "{\"rating\":8.5}", "{\"rating\":\"8\"}", "{}",
				"{\"rating\":null}")) {
			HttpApi.Response response = this.api.put("/stories/" + id + "/rating", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json().get("errors").get(0).get("field").asString()).as(body).isEqualTo("rating");
		}
		assertThat(this.api.get("/stories/" + id).json().get("rating").isNull()).isTrue();
		assertThat(this.api.put("/stories/" + UUID.randomUUID() + "/rating", "{\"rating\":5}").status()).isEqualTo(404);
	}

	@Test
	void deletesAStory() {
		String id = id(this.api.post("/stories", story("Delete me", Map.of())));

		assertThat(this.api.delete("/stories/" + id).status()).isEqualTo(204);
		assertThat(this.api.get("/stories/" + id).status()).isEqualTo(404);
		assertThat(this.api.delete("/stories/" + id).status()).isEqualTo(404);
	}

	@Test
	void keepsTheSnapshotWhenTheChildIsDeleted() {
		String childId = createChild("Gone", 9);
		String id = id(this.api.post("/stories", story("Survivor", Map.of("childId", childId))));

		assertThat(this.api.delete("/children/" + childId).status()).isEqualTo(204);

		JsonNode story = this.api.get("/stories/" + id).json();
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
		HttpApi.Response response = this.api.post("/stories", HttpApi.json(bad));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("title",
				"content", "moral", "language", "rating", "storyLength", "childAge");
		assertThat(this.api.post("/stories", story("x".repeat(500), Map.of("content", "y".repeat(200_000)))).status())
			.isEqualTo(201);
		assertThat(this.api.post("/stories", story("Too long", Map.of("content", "y".repeat(200_001)))).status())
			.isEqualTo(400);
	}

	@Test
	void countsEverythingInStats() {
		JsonNode before = this.api.get("/stats").json();
		createChild("Stats", 3);
		id(this.api.post("/stories", story("S1", Map.of("language", "qx", "rating", 3))));
		id(this.api.post("/stories", story("S2", Map.of("language", "qx", "rating", 10))));
		id(this.api.post("/stories", story("S3", Map.of("language", "qx"))));

		JsonNode after = this.api.get("/stats").json();

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
		HttpApi.Response response = this.api.post("/children",
				HttpApi.json(Map.of("name", name, "age", age, "gender", "girl", "interests", List.of("owls"))));
		assertThat(response.status()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private static String story(String title, Map<String, ?> extra) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", title);
		body.put("content", "Once upon a time…");
		body.put("moral", "Be kind.");
		body.putAll(extra);
		return HttpApi.json(body);
	}

	private static Map<String, Object> mapOfNull(String key) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(key, null);
		return map;
	}

	private static String id(HttpApi.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private List<String> ids(String path) {
		HttpApi.Response response = this.api.get(path);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().forEach((story) -> ids.add(story.get("id").asString()));
		return ids;
	}

	private long countStories(String title) {
		return this.jdbc.queryForObject("SELECT count(*) FROM tales.stories WHERE title = ?", Long.class, title);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
