package com.talegenerator.tales.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A family's Supabase database, whose {@code tales} schema was created by hand in the SQL
 * editor from the original Tale Generator SQL files and filled by the Python app, is
 * taken over by this service as it is: no SQL by hand, no row lost or changed. The
 * service is started exactly as in production ({@code SPRING_DATASOURCE_URL} pointing at
 * that database, here a PostgreSQL 17 of its own) and the proof is over real HTTP: every
 * legacy story, child and hero is served field for field as it was stored; what the
 * hand-made schema lacked is added and what it had (row level security, its policies, its
 * indexes but the one on {@code moral}) stays; the old {@code audio_url} narration shows
 * as {@code audioFileUrl} (signed, as media URLs are by default); every write of the API
 * works on the adopted tables; Flyway records a baseline below V001 and then every
 * migration; and a second start on the same database changes nothing at all.
 * <p>
 * The tests run in order on one database and one running service: each step builds on the
 * previous one, as the adoption does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyDatabaseAdoptionIntegrationTests {

	/**
	 * Exact numbers (jsonb keeps {@code 0.80} and integers beyond {@code long}), as the
	 * service reads them.
	 */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private static final List<String> STORY_FIELDS = List.of("id", "title", "content", "moral", "childId", "childName",
			"childAge", "childGender", "childInterests", "modelUsed", "fullResponse", "generationInfo", "language",
			"storyLength", "rating", "audioFileUrl", "audioProvider", "audioGenerationMetadata", "thumbnailUrl",
			"createdAt", "updatedAt");

	private static final List<String> CHILD_FIELDS = List.of("id", "name", "age", "gender", "interests", "createdAt",
			"updatedAt");

	private static final List<String> HERO_FIELDS = List.of("id", "name", "gender", "appearance", "personalityTraits",
			"interests", "strengths", "language", "portraitUrl", "createdAt", "updatedAt");

	private static final List<String> MIGRATIONS = List.of("001", "002", "003", "004", "005", "006", "007", "008",
			"009", "010", "011", "012", "013", "014", "015", "016", "017");

	/**
	 * A moral the hand-made schema cannot store: its btree index on {@code moral} holds
	 * at most about 2.7 kB per entry.
	 */
	private static final String LONG_MORAL = longText(8000);

	private EmbeddedPostgres postgres;

	private JdbcTemplate jdbc;

	private RunningService service;

	/**
	 * The legacy rows by id, as {@code row_to_json} showed them before the service ran.
	 */
	private Map<UUID, JsonNode> legacyStories;

	private Map<UUID, JsonNode> legacyChildren;

	private Map<UUID, JsonNode> legacyHeroes;

	/** The hand-made schema before the service ran. */
	private Map<String, String> legacyColumns;

	private Map<String, String> legacyIndexes;

	private Map<String, String> legacyConstraints;

	private List<String> legacyPolicies;

	@BeforeAll
	void startTheServiceOnAHandMadeDatabase() throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		this.jdbc = new JdbcTemplate(this.postgres.getPostgresDatabase());
		this.jdbc.execute(sql("legacy/hand-made-tales-schema.sql"));
		this.jdbc.execute(sql("legacy/python-app-rows.sql"));

		this.legacyStories = rows("stories");
		this.legacyChildren = rows("children");
		this.legacyHeroes = rows("heroes");
		assertThat(this.legacyStories).hasSize(6);
		assertThat(this.legacyChildren).hasSize(4);
		assertThat(this.legacyHeroes).hasSize(3);
		this.legacyColumns = columns();
		this.legacyIndexes = indexes();
		this.legacyConstraints = constraints();
		this.legacyPolicies = policies();
		assertThat(this.legacyIndexes).containsKey("idx_stories_moral");
		assertThat(this.legacyPolicies).hasSize(4);
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('tales.flyway_schema_history') IS NULL", Boolean.class))
			.isTrue();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.jdbc.update(
				"INSERT INTO tales.stories (title, content, moral, child_name, child_age,"
						+ " child_gender, child_interests) VALUES ('Long', 'Long', ?, 'Alice', 7, 'female', '{}')",
				LONG_MORAL))
			.withMessageContaining("idx_stories_moral");

		this.service = RunningService.start(this.postgres);
	}

	@AfterAll
	void stopEverything() throws IOException {
		if (this.service != null) {
			this.service.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Order(1)
	void servesEveryLegacyRowUnchanged() {
		assertThat(count("stories")).isEqualTo(this.legacyStories.size());
		assertThat(count("children")).isEqualTo(this.legacyChildren.size());
		assertThat(count("heroes")).isEqualTo(this.legacyHeroes.size());

		this.legacyStories.forEach((id, row) -> assertStoryServedAsStored(ok(get("/stories/" + id)), row));
		this.legacyChildren.forEach((id, row) -> assertChildServedAsStored(ok(get("/children/" + id)), row));
		this.legacyHeroes.forEach((id, row) -> assertHeroServedAsStored(ok(get("/heroes/" + id)), row));

		// the lists serve the same rows, newest first
		assertListServes("/stories?limit=500", this.legacyStories);
		assertListServes("/children?limit=500", this.legacyChildren);
		assertListServes("/heroes?limit=500", this.legacyHeroes);
		JsonNode stats = ok(get("/stats"));
		assertThat(stats.get("stories").asInt()).isEqualTo(6);
		assertThat(stats.get("children").asInt()).isEqualTo(4);
		assertThat(stats.get("heroes").asInt()).isEqualTo(3);
		assertThat(stats.get("ratedStories").asInt()).isEqualTo(3);
		assertThat(stats.get("storiesByLanguage").get("ru").asInt()).isEqualTo(3);
		assertThat(stats.get("storiesByLanguage").get("en").asInt()).isEqualTo(3);
	}

	@Test
	@Order(2)
	void listsTheLegacyRussianStoriesNewestFirst() {
		List<String> expected = this.legacyStories.values()
			.stream()
			.filter((row) -> "ru".equals(row.get("language").asString()))
			.sorted(Comparator.comparing((JsonNode row) -> instant(row.get("created_at"))).reversed())
			.map((row) -> row.get("id").asString())
			.toList();
		assertThat(expected).hasSize(3);

		JsonNode list = ok(get("/stories?language=ru"));

		assertThat(ids(list)).containsExactlyElementsOf(expected);
		list.forEach((story) -> assertStoryServedAsStored(story,
				this.legacyStories.get(UUID.fromString(story.get("id").asString()))));
	}

	/**
	 * V015 filled in the search vector of every legacy story, in its own language, and
	 * left its updated_at (and so its ETag) as it was:
	 * {@link #servesEveryLegacyRowUnchanged} ran after it.
	 */
	@Test
	@Order(2)
	void findsTheLegacyStoriesByTheirWords() {
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.stories WHERE search_vector IS NULL",
				Integer.class))
			.isZero();
		Map<String, String> byTitle = new LinkedHashMap<>();
		this.legacyStories.values()
			.forEach((row) -> byTitle.put(row.get("title").asString(), row.get("id").asString()));

		// «радугу» (accusative) by «радуга», «Маши» by «Маша»; the client encodes the URI
		assertThat(ids(ok(get("/stories?q=радуга")))).containsExactly(byTitle.get("Маша и волшебный котёнок"));
		assertThat(ids(ok(get("/stories?q=Маша колыбельные")))).containsExactly(byTitle.get("Колыбельная для Маши"));
		assertThat(ids(ok(get("/stories?q=dinosaurs star"))))
			.containsExactly(byTitle.get("Alice and the Star Dinosaur"));
		// the moral is searched too
		assertThat(ids(ok(get("/stories?q=volcanoes&language=en"))))
			.containsExactly(byTitle.get("Alice and the Sleepy Volcano"));
		assertThat(ids(ok(get("/stories?q=volcanoes&language=ru")))).isEmpty();
	}

	@Test
	@Order(3)
	void servesTheLegacyAudioUrlAsAudioFileUrl() {
		JsonNode row = this.legacyStories.values()
			.stream()
			.filter((story) -> !story.get("audio_url").isNull())
			.findFirst()
			.orElseThrow();
		String id = row.get("id").asString();
		String legacyUrl = row.get("audio_url").asString();

		JsonNode story = ok(get("/stories/" + id));

		assertSignedUrlOf(story.get("audioFileUrl"), row.get("audio_url"));
		assertThat(story.get("audioProvider").asString()).isEqualTo("elevenlabs");
		assertSameInstant(story, row, "updatedAt", "updated_at");
		EntityExchangeResult<String> audio = get("/stories/" + id + "/audio");
		assertThat(audio.getStatus().value()).isEqualTo(302);
		assertSignedUrlOf(JSON.getNodeFactory().stringNode(audio.getResponseHeaders().getFirst(HttpHeaders.LOCATION)),
				row.get("audio_url"));
		// audio_url itself is left as it was, for anything that still reads it
		assertThat(this.jdbc.queryForObject("SELECT audio_url FROM tales.stories WHERE id = ?::uuid", String.class, id))
			.isEqualTo(legacyUrl);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.stories WHERE audio_file_url IS NOT NULL",
				Integer.class))
			.isOne();
	}

	@Test
	@Order(4)
	void addsWhatTheHandMadeSchemaLackedAndKeepsWhatItHad() {
		Map<String, String> columns = columns();
		assertThat(columns).containsEntry("stories.child_id", "uuid | YES")
			.containsEntry("stories.story_length", "integer | YES")
			.containsEntry("stories.audio_file_url", "text | YES")
			.containsEntry("stories.audio_generation_metadata", "jsonb | YES")
			// nullable in the hand-made schema, required now
			.containsEntry("stories.created_at", "timestamp with time zone | NO")
			.containsEntry("stories.updated_at", "timestamp with time zone | NO")
			.containsEntry("stories.language", "text | NO")
			.containsEntry("children.created_at", "timestamp with time zone | NO")
			.containsEntry("heroes.updated_at", "timestamp with time zone | NO")
			// required in the hand-made schema, optional now: a story may have no child
			.containsEntry("stories.child_name", "text | YES")
			.containsEntry("stories.child_age", "integer | YES")
			.containsEntry("stories.child_gender", "text | YES")
			.containsEntry("stories.child_interests", "ARRAY | YES")
			// the old narration column stays
			.containsEntry("stories.audio_url", "text | YES");
		// no legacy column lost or retyped
		this.legacyColumns.forEach((column, definition) -> assertThat(columns.get(column)).as(column)
			.startsWith(definition.substring(0, definition.indexOf(" | ") + 3)));

		Map<String, String> constraints = constraints();
		assertThat(constraints)
			.containsEntry("stories.stories_child_id_fkey",
					"FOREIGN KEY (child_id) REFERENCES tales.children(id) ON DELETE SET NULL")
			.containsEntry("stories.stories_rating_check",
					"CHECK (((rating IS NULL) OR ((rating >= 1) AND (rating <= 10)))) NOT VALID")
			.containsAllEntriesOf(this.legacyConstraints);

		Map<String, String> indexes = indexes();
		Map<String, String> keptLegacyIndexes = new LinkedHashMap<>(this.legacyIndexes);
		keptLegacyIndexes.remove("idx_stories_moral");
		assertThat(indexes).containsAllEntriesOf(keptLegacyIndexes)
			.containsKeys("idx_children_age", "idx_children_gender", "idx_heroes_language")
			.doesNotContainKey("idx_stories_moral")
			.containsKeys("idx_stories_newest", "idx_stories_child_name_newest", "idx_stories_child_id_newest",
					"idx_stories_language_newest", "idx_stories_rated_newest", "idx_children_newest",
					"idx_children_name_newest", "idx_heroes_newest", "idx_heroes_name_newest",
					"idx_heroes_language_newest", "idx_stories_rating", "idx_stories_language",
					"idx_stories_model_used", "idx_stories_search");

		assertThat(this.jdbc.queryForObject("SELECT relrowsecurity FROM pg_class WHERE oid = 'tales.stories'::regclass",
				Boolean.class))
			.isTrue();
		assertThat(policies()).containsExactlyElementsOf(this.legacyPolicies);
		assertThat(this.jdbc.queryForList(
				"SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'"
						+ " AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'tales'::regnamespace)"
						+ " ORDER BY 1",
				String.class))
			.containsExactly("tales.children.children_touch_updated_at", "tales.heroes.heroes_touch_updated_at",
					"tales.stories.stories_search_vector", "tales.stories.stories_touch_updated_at");
	}

	@Test
	@Order(5)
	void recordsABaselineBelowEveryMigration() {
		List<Map<String, Object>> history = this.jdbc
			.queryForList("SELECT version, type, success FROM tales.flyway_schema_history ORDER BY installed_rank");

		assertThat(history).hasSize(1 + MIGRATIONS.size());
		assertThat(history.get(0)).containsEntry("version", "0")
			.containsEntry("type", "BASELINE")
			.containsEntry("success", true);
		assertThat(history.subList(1, history.size())).extracting((row) -> row.get("version"))
			.containsExactlyElementsOf(MIGRATIONS);
		assertThat(history.subList(1, history.size()))
			.allSatisfy((row) -> assertThat(row).containsEntry("type", "SQL").containsEntry("success", true));
	}

	@Test
	@Order(6)
	void acceptsEveryWriteOnTheAdoptedTables() {
		// without any child: possible only because the snapshot columns became optional;
		// with a moral the hand-made schema refused (its idx_stories_moral is dropped)
		String longMoral = LONG_MORAL;
		EntityExchangeResult<String> noChild = post("/stories",
				JSON.writeValueAsString(Map.of("title", "A story for nobody in particular", "content",
						"Once upon a time there was a quiet lighthouse.", "moral", longMoral)));
		assertThat(noChild.getStatus().value()).as(noChild.toString()).isEqualTo(201);
		JsonNode written = parse(noChild);
		assertThat(written.get("childId").isNull()).isTrue();
		assertThat(written.get("childName").isNull()).isTrue();
		assertThat(written.get("moral").asString()).isEqualTo(longMoral);
		assertThat(written.get("language").asString()).isEqualTo("en");

		// with a new child, created in the same transaction
		EntityExchangeResult<String> newChild = post("/stories",
				JSON.writeValueAsString(Map.of("title", "Лена и пони", "content", "Жила-была пони...", "moral",
						"Дружба важна.", "language", "ru", "child",
						Map.of("name", "Лена", "age", 6, "gender", "female", "interests", List.of("лошади")))));
		assertThat(newChild.getStatus().value()).as(newChild.toString()).isEqualTo(201);
		String lenaId = parse(newChild).get("childId").asString();
		assertThat(ok(get("/children/" + lenaId)).get("name").asString()).isEqualTo("Лена");

		// rating a legacy story changes its rating and updatedAt, nothing else
		JsonNode unrated = legacyStory("Alice and the Sleepy Volcano");
		EntityExchangeResult<String> rated = put("/stories/" + unrated.get("id").asString() + "/rating",
				"{\"rating\": 9}");
		assertThat(rated.getStatus().value()).as(rated.toString()).isEqualTo(200);
		JsonNode ratedStory = parse(rated);
		assertThat(Instant.parse(ratedStory.get("updatedAt").asString())).isAfter(instant(unrated.get("updated_at")));
		ObjectNode expectedStory = (ObjectNode) unrated.deepCopy();
		expectedStory.put("rating", 9);
		expectedStory.put("updated_at", ratedStory.get("updatedAt").asString());
		assertStoryServedAsStored(ratedStory, expectedStory);
		assertThat(ok(get("/stories/" + unrated.get("id").asString()))).isEqualTo(ratedStory);

		// replacing a legacy child
		JsonNode alice = legacyChild("Alice");
		EntityExchangeResult<String> replaced = put("/children/" + alice.get("id").asString(), JSON.writeValueAsString(
				Map.of("name", "Alice", "age", 8, "gender", "female", "interests", List.of("dinosaurs", "comets"))));
		assertThat(replaced.getStatus().value()).as(replaced.toString()).isEqualTo(200);
		JsonNode replacedChild = parse(replaced);
		assertThat(Instant.parse(replacedChild.get("updatedAt").asString())).isAfter(instant(alice.get("updated_at")));
		ObjectNode expectedChild = (ObjectNode) alice.deepCopy();
		expectedChild.put("age", 8);
		expectedChild.set("interests", JSON.createArrayNode().add("dinosaurs").add("comets"));
		expectedChild.put("updated_at", replacedChild.get("updatedAt").asString());
		assertChildServedAsStored(replacedChild, expectedChild);
		assertThat(ok(get("/children/" + alice.get("id").asString()))).isEqualTo(replacedChild);

		// a story for a legacy child copies its snapshot; deleting the child keeps the
		// story
		JsonNode tom = legacyChild("Tom");
		String tomId = tom.get("id").asString();
		EntityExchangeResult<String> forTom = post("/stories",
				JSON.writeValueAsString(Map.of("title", "Tom and the Night Train", "content",
						"The night train stopped right at Tom's window.", "moral", "Be curious.", "childId", tomId)));
		assertThat(forTom.getStatus().value()).as(forTom.toString()).isEqualTo(201);
		JsonNode tomsStory = parse(forTom);
		assertThat(tomsStory.get("childId").asString()).isEqualTo(tomId);
		assertThat(tomsStory.get("childName").asString()).isEqualTo("Tom");
		assertThat(tomsStory.get("childAge").asInt()).isEqualTo(9);
		assertThat(tomsStory.get("childInterests")).isEqualTo(tom.get("interests"));

		EntityExchangeResult<String> deleted = delete("/children/" + tomId);
		assertThat(deleted.getStatus().value()).as(deleted.toString()).isEqualTo(204);
		assertThat(get("/children/" + tomId).getStatus().value()).isEqualTo(404);
		JsonNode orphaned = ok(get("/stories/" + tomsStory.get("id").asString()));
		assertThat(orphaned.get("childId").isNull()).isTrue();
		assertThat(orphaned.get("childName").asString()).isEqualTo("Tom");
		assertThat(orphaned.get("childAge").asInt()).isEqualTo(9);
		assertThat(orphaned.get("childInterests")).isEqualTo(tom.get("interests"));
		// the legacy stories written for Tom still stand, unchanged
		this.legacyStories.values()
			.stream()
			.filter((row) -> "Tom".equals(row.get("child_name").asString()))
			.forEach((row) -> assertStoryServedAsStored(ok(get("/stories/" + row.get("id").asString())), row));

		assertThat(count("stories")).isEqualTo(this.legacyStories.size() + 3);
		assertThat(count("children")).isEqualTo(this.legacyChildren.size());
	}

	@Test
	@Order(7)
	void startsASecondTimeWithoutChangingAnything() {
		this.service.close();
		this.service = null;
		String schema = schemaDump();
		String data = dataDump();
		List<Map<String, Object>> history = this.jdbc
			.queryForList("SELECT * FROM tales.flyway_schema_history ORDER BY installed_rank");

		this.service = RunningService.start(this.postgres);

		assertThat(this.jdbc.queryForList("SELECT * FROM tales.flyway_schema_history ORDER BY installed_rank"))
			.hasSize(1 + MIGRATIONS.size())
			.isEqualTo(history);
		assertThat(schemaDump()).isEqualTo(schema);
		assertThat(dataDump()).isEqualTo(data);
		JsonNode health = ok(get("/health"));
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode story = legacyStory("Маша и волшебный котёнок");
		assertStoryServedAsStored(ok(get("/stories/" + story.get("id").asString())), story);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.service.client().get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.service.client()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> put(String path, String json) {
		return this.service.client()
			.put()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> delete(String path) {
		return this.service.client().delete().uri(path).exchange().returnResult(String.class);
	}

	private static JsonNode ok(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as(response.toString()).isEqualTo(200);
		return parse(response);
	}

	private static JsonNode parse(EntityExchangeResult<String> response) {
		return JSON.readTree(response.getResponseBody());
	}

	private void assertListServes(String path, Map<UUID, JsonNode> legacy) {
		JsonNode list = ok(get(path));
		assertThat(ids(list)).containsExactlyInAnyOrderElementsOf(
				legacy.keySet().stream().map(UUID::toString).collect(Collectors.toList()));
		List<Instant> createdAt = new ArrayList<>();
		list.forEach((item) -> createdAt.add(Instant.parse(item.get("createdAt").asString())));
		assertThat(createdAt).isSortedAccordingTo(Comparator.reverseOrder());
		list.forEach((item) -> assertThat(item)
			.isEqualTo(ok(get(path.substring(0, path.indexOf('?')) + "/" + item.get("id").asString()))));
	}

	private static List<String> ids(JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private static void assertStoryServedAsStored(JsonNode served, JsonNode row) {
		assertThat(served.propertyNames()).containsExactlyElementsOf(STORY_FIELDS);
		assertField(served, row, "id", "id");
		assertField(served, row, "title", "title");
		assertField(served, row, "content", "content");
		assertField(served, row, "moral", "moral");
		assertField(served, row, "childName", "child_name");
		assertField(served, row, "childAge", "child_age");
		assertField(served, row, "childGender", "child_gender");
		assertField(served, row, "childInterests", "child_interests");
		assertField(served, row, "modelUsed", "model_used");
		assertField(served, row, "fullResponse", "full_response");
		assertField(served, row, "generationInfo", "generation_info");
		assertField(served, row, "language", "language");
		assertField(served, row, "rating", "rating");
		assertField(served, row, "audioProvider", "audio_provider");
		assertSignedUrlOf(served.get("audioFileUrl"), row.get("audio_url"));
		assertSameInstant(served, row, "createdAt", "created_at");
		assertSameInstant(served, row, "updatedAt", "updated_at");
		// columns the hand-made schema did not have
		assertThat(served.get("childId").isNull()).isTrue();
		assertThat(served.get("storyLength").isNull()).isTrue();
		assertThat(served.get("audioGenerationMetadata").isNull()).isTrue();
		assertThat(served.get("thumbnailUrl").isNull()).isTrue();
	}

	private static void assertChildServedAsStored(JsonNode served, JsonNode row) {
		assertThat(served.propertyNames()).containsExactlyElementsOf(CHILD_FIELDS);
		for (String field : List.of("id", "name", "age", "gender", "interests")) {
			assertField(served, row, field, field);
		}
		assertSameInstant(served, row, "createdAt", "created_at");
		assertSameInstant(served, row, "updatedAt", "updated_at");
	}

	private static void assertHeroServedAsStored(JsonNode served, JsonNode row) {
		assertThat(served.propertyNames()).containsExactlyElementsOf(HERO_FIELDS);
		for (String field : List.of("id", "name", "gender", "appearance", "interests", "strengths", "language")) {
			assertField(served, row, field, field);
		}
		assertField(served, row, "personalityTraits", "personality_traits");
		assertSameInstant(served, row, "createdAt", "created_at");
		assertSameInstant(served, row, "updatedAt", "updated_at");
		assertThat(served.get("portraitUrl").isNull()).isTrue();
	}

	/**
	 * A legacy public URL shows as a signed URL of the same object (signed media access,
	 * the default): the path after {@code /object/public/tales/} is the object's,
	 * whatever host the Python app wrote. (This service runs with local storage, so it is
	 * its own URL.)
	 */
	private static void assertSignedUrlOf(JsonNode served, JsonNode legacyUrl) {
		if (legacyUrl.isNull()) {
			assertThat(served.isNull()).as("%s", served).isTrue();
			return;
		}
		String marker = "/storage/v1/object/public/tales/";
		String legacy = legacyUrl.asString();
		assertThat(legacy).contains(marker);
		URI url = URI.create(served.asString());
		assertThat(url.getRawPath())
			.isEqualTo("/storage/v1/object/sign/tales/" + legacy.substring(legacy.indexOf(marker) + marker.length()));
		assertThat(url.getRawQuery()).startsWith("token=");
	}

	private static void assertField(JsonNode served, JsonNode row, String field, String column) {
		assertThat(row.has(column)).as("column %s", column).isTrue();
		assertThat(served.get(field)).as("%s of %s", field, row.get("id")).isEqualTo(row.get(column));
	}

	private static void assertSameInstant(JsonNode served, JsonNode row, String field, String column) {
		assertThat(row.get(column).isNull()).as("column %s", column).isFalse();
		assertThat(Instant.parse(served.get(field).asString())).as("%s of %s", field, row.get("id"))
			.isEqualTo(instant(row.get(column)));
	}

	private static Instant instant(JsonNode timestamp) {
		return OffsetDateTime.parse(timestamp.asString()).toInstant();
	}

	private JsonNode legacyStory(String title) {
		return this.legacyStories.values()
			.stream()
			.filter((row) -> title.equals(row.get("title").asString()))
			.findFirst()
			.orElseThrow();
	}

	private JsonNode legacyChild(String name) {
		return this.legacyChildren.values()
			.stream()
			.filter((row) -> name.equals(row.get("name").asString()))
			.findFirst()
			.orElseThrow();
	}

	private Map<UUID, JsonNode> rows(String table) {
		Map<UUID, JsonNode> rows = new LinkedHashMap<>();
		for (String row : this.jdbc.queryForList("SELECT row_to_json(t) FROM tales." + table + " t ORDER BY id",
				String.class)) {
			JsonNode json = JSON.readTree(row);
			rows.put(UUID.fromString(json.get("id").asString()), json);
		}
		return rows;
	}

	private int count(String table) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM tales." + table, Integer.class);
		return (count != null) ? count : -1;
	}

	/** {@code table.column} to {@code data_type | is_nullable}. */
	private Map<String, String> columns() {
		return pairs("SELECT table_name || '.' || column_name, data_type || ' | ' || is_nullable"
				+ " FROM information_schema.columns WHERE table_schema = 'tales' ORDER BY 1");
	}

	/** Index name to its definition. */
	private Map<String, String> indexes() {
		return pairs("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'tales' ORDER BY 1");
	}

	/** {@code table.constraint} to its definition. */
	private Map<String, String> constraints() {
		return pairs("SELECT relname || '.' || conname, pg_get_constraintdef(pg_constraint.oid) FROM pg_constraint"
				+ " JOIN pg_class ON pg_class.oid = conrelid WHERE connamespace = 'tales'::regnamespace ORDER BY 1");
	}

	/** The first column of each row to the second, in the query's order. */
	private Map<String, String> pairs(String sql) {
		Map<String, String> pairs = new LinkedHashMap<>();
		this.jdbc.query(sql, (row, number) -> Map.entry(row.getString(1), row.getString(2)))
			.forEach((pair) -> pairs.put(pair.getKey(), pair.getValue()));
		return pairs;
	}

	private List<String> policies() {
		return this.jdbc.queryForList(
				"SELECT concat_ws(' | ', tablename, policyname, permissive, roles::text, cmd, qual, with_check)"
						+ " FROM pg_policies WHERE schemaname = 'tales' ORDER BY 1",
				String.class);
	}

	/** Everything about schema {@code tales} a start of the service could change. */
	private String schemaDump() {
		List<String> lines = new ArrayList<>();
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', table_name, column_name, ordinal_position,"
				+ " data_type, udt_name, is_nullable, column_default, character_maximum_length)"
				+ " FROM information_schema.columns WHERE table_schema = 'tales' ORDER BY 1", String.class));
		lines.addAll(this.jdbc.queryForList(
				"SELECT concat_ws(' | ', tablename, indexname, indexdef) FROM pg_indexes WHERE schemaname = 'tales' ORDER BY 1",
				String.class));
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', conrelid::regclass::text, conname, contype,"
				+ " pg_get_constraintdef(oid), convalidated) FROM pg_constraint"
				+ " WHERE connamespace = 'tales'::regnamespace ORDER BY 1", String.class));
		lines.addAll(policies());
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', tgrelid::regclass::text, tgname,"
				+ " pg_get_triggerdef(oid), tgenabled) FROM pg_trigger WHERE NOT tgisinternal"
				+ " AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'tales'::regnamespace) ORDER BY 1",
				String.class));
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', relname, relkind, relrowsecurity) FROM pg_class"
				+ " WHERE relnamespace = 'tales'::regnamespace ORDER BY 1", String.class));
		assertThat(lines).hasSizeGreaterThan(50);
		return String.join("\n", lines);
	}

	/** Every row of every table of the service, as {@code row_to_json} shows it. */
	private String dataDump() {
		List<String> lines = new ArrayList<>();
		for (String table : List.of("stories", "children", "heroes")) {
			lines.addAll(this.jdbc.queryForList("SELECT row_to_json(t)::text FROM tales." + table + " t ORDER BY id",
					String.class));
		}
		return String.join("\n", lines);
	}

	private static String longText(int length) {
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			text.append(UUID.randomUUID()).append(' ');
		}
		return text.substring(0, length);
	}

	private static String sql(String resource) {
		try {
			return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
