package com.talegenerator.tales.web.etag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.openapi.OpenApiContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic concurrency over HTTP: single resources carry a strong ETag that changes
 * with every update, {@code If-None-Match} saves a download, and {@code If-Match} keeps
 * two editors from silently overwriting each other.
 */
class ConditionalRequestIntegrationTests extends IntegrationTestSupport {

	private static final String CHILD = "{\"name\":\"Ada\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"owls\"]}";

	private static final String HERO = "{\"name\":\"Whiskers\",\"gender\":\"male\",\"appearance\":\"A ginger cat\"}";

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Test
	void everyResponseWithOneResourceCarriesItsETagWhichChangesWithEachUpdate() {
		EntityExchangeResult<String> child = post("/children", CHILD);
		String childPath = "/children/" + jsonBody(child).get("id").asString();
		assertVersions(child, put(childPath, CHILD), childPath);

		EntityExchangeResult<String> hero = post("/heroes", HERO);
		String heroPath = "/heroes/" + jsonBody(hero).get("id").asString();
		assertVersions(hero, put(heroPath, HERO), heroPath);

		EntityExchangeResult<String> story = post("/stories",
				"{\"title\":\"Tagged\",\"content\":\"c\",\"moral\":\"m\"}");
		String storyPath = "/stories/" + jsonBody(story).get("id").asString();
		EntityExchangeResult<String> rated = put(storyPath + "/rating", "{\"rating\":7}");
		assertVersions(story, rated, storyPath);
		EntityExchangeResult<String> narrated = upload(storyPath, "tagged.mp3");
		assertThat(narrated.getStatus().value()).isEqualTo(200);
		assertThat(header(narrated, "ETag")).isPresent().isNotEqualTo(header(rated, "ETag"));
		assertThat(header(get(storyPath), "ETag")).isEqualTo(header(narrated, "ETag"));
		// a list is no single resource: no ETag
		assertThat(header(get("/stories?limit=1"), "ETag")).isEmpty();
	}

	@Test
	void answers304WithoutABodyWhileIfNoneMatchNamesTheCurrentVersion() {
		for (String path : List.of("/children/" + id(post("/children", CHILD)), "/heroes/" + id(post("/heroes", HERO)),
				"/stories/" + id(post("/stories", "{\"title\":\"Cached\",\"content\":\"c\",\"moral\":\"m\"}")))) {
			String etag = header(get(path), "ETag").orElseThrow();

			for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"0\", " + etag)) {
				EntityExchangeResult<String> notModified = getIfNoneMatch(path, ifNoneMatch);
				assertThat(notModified.getStatus().value()).as(path + " " + ifNoneMatch).isEqualTo(304);
				assertThat(header(notModified, "ETag")).hasValue(etag);
				assertThat(notModified.getResponseBodyContent()).isEmpty();
			}
			EntityExchangeResult<String> other = getIfNoneMatch(path, "\"0\"");
			assertThat(other.getStatus().value()).isEqualTo(200);
			assertThat(header(other, "ETag")).hasValue(etag);
			assertThat(jsonBody(other).get("id").asString()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
		}
	}

	@Test
	void answersAChangedResourceWithItsNewVersionDespiteIfNoneMatch() {
		EntityExchangeResult<String> created = post("/children", CHILD);
		String path = "/children/" + id(created);
		String before = header(created, "ETag").orElseThrow();
		String after = header(put(path, CHILD.replace("Ada", "Ada Lovelace")), "ETag").orElseThrow();

		EntityExchangeResult<String> read = getIfNoneMatch(path, before);

		assertThat(read.getStatus().value()).isEqualTo(200);
		assertThat(header(read, "ETag")).hasValue(after);
		assertThat(jsonBody(read).get("name").asString()).isEqualTo("Ada Lovelace");
	}

	@Test
	void replacesAChildOnlyWhileIfMatchNamesItsCurrentVersion() {
		EntityExchangeResult<String> created = post("/children", CHILD);
		String path = "/children/" + id(created);
		String first = header(created, "ETag").orElseThrow();

		EntityExchangeResult<String> matched = putIfMatch(path, CHILD.replace("Ada", "Bea"), first);
		assertThat(matched.getStatus().value()).as("%s", matched).isEqualTo(200);
		String second = header(matched, "ETag").orElseThrow();
		JsonNode stored = jsonBody(get(path));

		EntityExchangeResult<String> stale = putIfMatch(path, CHILD.replace("Ada", "Cleo"), first);
		JsonNode problem = Problems.assertProblem(stale, 412, path);
		assertThat(problem.get("detail").asString()).contains("changed");
		assertThat(header(stale, "ETag")).hasValue(second);
		assertThat(jsonBody(get(path))).isEqualTo(stored);

		// strong comparison: a weak tag never matches
		assertThat(putIfMatch(path, CHILD.replace("Ada", "Dora"), "W/" + second).getStatus().value()).isEqualTo(412);
		assertThat(jsonBody(get(path))).isEqualTo(stored);

		EntityExchangeResult<String> inList = putIfMatch(path, CHILD.replace("Ada", "Eve"), first + ", " + second);
		assertThat(inList.getStatus().value()).isEqualTo(200);
		EntityExchangeResult<String> any = putIfMatch(path, CHILD.replace("Ada", "Fay"), "*");
		assertThat(any.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(any).get("name").asString()).isEqualTo("Fay");
		assertThat(header(any, "ETag")).isPresent().isNotEqualTo(header(inList, "ETag"));
	}

	@Test
	void ofTwoEditorsHoldingTheSameVersionTheSecondGets412() {
		String path = "/children/" + id(post("/children", CHILD));
		String read = header(get(path), "ETag").orElseThrow();
		String seenByTheOther = header(get(path), "ETag").orElseThrow();
		assertThat(seenByTheOther).isEqualTo(read);

		EntityExchangeResult<String> first = putIfMatch(path,
				"{\"name\":\"Ada\",\"age\":7,\"gender\":\"girl\",\"interests\":[\"owls\",\"maths\"]}", read);
		EntityExchangeResult<String> second = putIfMatch(path,
				"{\"name\":\"Ada\",\"age\":6,\"gender\":\"girl\",\"interests\":[]}", seenByTheOther);

		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(second.getStatus().value()).isEqualTo(412);
		assertThat(header(second, "ETag")).isEqualTo(header(first, "ETag"));
		JsonNode now = jsonBody(get(path));
		assertThat(now.get("age").asInt()).isEqualTo(7);
		assertThat(now.get("interests").toString()).isEqualTo("[\"owls\",\"maths\"]");
		assertThat(now).isEqualTo(jsonBody(first));
	}

	@Test
	void honoursIfMatchOnHeroes() {
		EntityExchangeResult<String> created = post("/heroes", HERO);
		String path = "/heroes/" + id(created);
		String first = header(created, "ETag").orElseThrow();
		EntityExchangeResult<String> replaced = putIfMatch(path, HERO.replace("Whiskers", "Mittens"), first);
		assertThat(replaced.getStatus().value()).isEqualTo(200);

		Problems.assertProblem(putIfMatch(path, HERO, first), 412, path);
		Problems.assertProblem(deleteIfMatch(path, first), 412, path);

		assertThat(jsonBody(get(path))).isEqualTo(jsonBody(replaced));
		assertThat(deleteIfMatch(path, header(replaced, "ETag").orElseThrow()).getStatus().value()).isEqualTo(204);
		assertThat(get(path).getStatus().value()).isEqualTo(404);
	}

	@Test
	void honoursIfMatchOnAStorysRatingDeletionAndAudio() {
		EntityExchangeResult<String> created = post("/stories",
				"{\"title\":\"Guarded\",\"content\":\"c\",\"moral\":\"m\"}");
		String id = id(created);
		String path = "/stories/" + id;
		String first = header(created, "ETag").orElseThrow();

		EntityExchangeResult<String> rated = putIfMatch(path + "/rating", "{\"rating\":9}", first);
		assertThat(rated.getStatus().value()).isEqualTo(200);
		String second = header(rated, "ETag").orElseThrow();
		Problems.assertProblem(putIfMatch(path + "/rating", "{\"rating\":2}", first), 412, path + "/rating");
		Problems.assertProblem(deleteIfMatch(path, first), 412, path);
		EntityExchangeResult<String> staleUpload = postMultipartIfMatch(path + "/audio",
				new Multipart().file("file", "stale.mp3", "audio/mpeg", MediaSamples.mp3(100)), first);
		Problems.assertProblem(staleUpload, 412, path + "/audio");
		assertThat(header(staleUpload, "ETag")).hasValue(second);
		assertThat(jsonBody(get(path))).isEqualTo(jsonBody(rated));
		assertThat(Files.exists(this.storageDirectory.resolve("tales/stories/" + id + "/stale.mp3"))).isFalse();

		EntityExchangeResult<String> narrated = postMultipartIfMatch(path + "/audio",
				new Multipart().file("file", "fresh.mp3", "audio/mpeg", MediaSamples.mp3(200)), second);
		assertThat(narrated.getStatus().value()).as("%s", narrated).isEqualTo(200);
		EntityExchangeResult<String> anyRating = putIfMatch(path + "/rating", "{\"rating\":3}", "*");
		assertThat(anyRating.getStatus().value()).isEqualTo(200);
		assertThat(deleteIfMatch(path, header(anyRating, "ETag").orElseThrow()).getStatus().value()).isEqualTo(204);
	}

	@Test
	void rejectsAMalformedIfMatchWith400AndChangesNothing() {
		EntityExchangeResult<String> created = post("/children", CHILD);
		String path = "/children/" + id(created);

		for (String malformed : List.of("abc", "\"abc", "W/abc", "*, \"abc\"", "\"a\"\"b\"", "\"a\" \"b\"", "\"a\" b",
				",")) {
			EntityExchangeResult<String> response = putIfMatch(path, CHILD.replace("Ada", "Zoe"), malformed);
			Problems.assertInvalidFields(response, path, "If-Match");
		}
		assertThat(jsonBody(get(path))).isEqualTo(jsonBody(created));
	}

	@Test
	void answers404NotA412ForUnknownIds() {
		for (String ifMatch : List.of("\"abc\"", "*")) {
			assertThat(putIfMatch("/children/" + UUID.randomUUID(), CHILD, ifMatch).getStatus().value()).isEqualTo(404);
			assertThat(putIfMatch("/heroes/" + UUID.randomUUID(), HERO, ifMatch).getStatus().value()).isEqualTo(404);
			assertThat(putIfMatch("/stories/" + UUID.randomUUID() + "/rating", "{\"rating\":5}", ifMatch).getStatus()
				.value()).isEqualTo(404);
			assertThat(deleteIfMatch("/stories/" + UUID.randomUUID(), ifMatch).getStatus().value()).isEqualTo(404);
		}
	}

	@Test
	void everyWriterMovesTheVersionForwardEvenAgainstTheClock() {
		String id = id(post("/children", CHILD));
		String path = "/children/" + id;
		OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("UPDATE tales.children SET updated_at = ? WHERE id = ?::uuid", future, id);
		String read = header(get(path), "ETag").orElseThrow();

		// a writer that leaves updated_at alone gets now(), which is behind the stored
		// value
		this.jdbc.update("UPDATE tales.children SET age = 9 WHERE id = ?::uuid", id);
		EntityExchangeResult<String> afterSql = get(path);
		// and one that moves it back is moved forward
		this.jdbc.update("UPDATE tales.children SET age = 10, updated_at = '2020-01-01Z' WHERE id = ?::uuid", id);
		EntityExchangeResult<String> afterBackdating = get(path);
		EntityExchangeResult<String> replaced = putIfMatch(path, CHILD, header(afterBackdating, "ETag").orElseThrow());

		assertThat(header(afterSql, "ETag")).isPresent().isNotEqualTo(Optional.of(read));
		assertThat(Instant.parse(jsonBody(afterSql).get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(1_000));
		assertThat(Instant.parse(jsonBody(afterBackdating).get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(2_000));
		assertThat(replaced.getStatus().value()).isEqualTo(200);
		assertThat(Instant.parse(jsonBody(replaced).get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(3_000));
		assertThat(jsonBody(get(path))).isEqualTo(jsonBody(replaced));
	}

	@Test
	void describesETagsAndPreconditionsInOpenApi() {
		JsonNode description = jsonBody(get("/openapi.json"));
		JsonNode paths = description.get("paths");

		JsonNode get = paths.get("/stories/{id}").get("get");
		assertThat(get.get("responses").get("200").get("headers").has("ETag")).isTrue();
		assertThat(get.get("responses").has("304")).isTrue();
		assertThat(get.get("parameters").findValuesAsString("name")).contains("If-None-Match");
		for (JsonNode write : List.of(paths.get("/children/{id}").get("put"), paths.get("/heroes/{id}").get("delete"),
				paths.get("/stories/{id}/rating").get("put"), paths.get("/stories/{id}/audio").get("post"))) {
			assertThat(write.get("parameters").findValuesAsString("name")).contains("If-Match");
			JsonNode stale = OpenApiContract.resolved(description, write.get("responses").get("412"));
			assertThat(stale.get("content").has("application/problem+json")).isTrue();
			assertThat(stale.get("headers").has("ETag")).isTrue();
		}
		assertThat(paths.get("/children").get("post").get("responses").toString()).contains("ETag");
		assertThat(paths.get("/children").get("get").get("responses").get("200").get("headers").has("ETag")).isFalse();
		assertThat(paths.get("/children").get("get").get("responses").has("304")).isFalse();
	}

	/**
	 * The ETag of a created resource is the one a GET shows; an update changes it, and a
	 * GET shows the new one.
	 */
	private void assertVersions(EntityExchangeResult<String> created, EntityExchangeResult<String> updated,
			String path) {
		assertThat(created.getStatus().value()).isEqualTo(201);
		assertThat(updated.getStatus().value()).as("%s", updated).isEqualTo(200);
		String first = header(created, "ETag").orElseThrow();
		String second = header(updated, "ETag").orElseThrow();
		assertThat(first).matches("\"[0-9a-f]+\"");
		assertThat(second).matches("\"[0-9a-f]+\"").isNotEqualTo(first);
		assertThat(header(get(path), "ETag")).hasValue(second);
	}

	private EntityExchangeResult<String> upload(String storyPath, String fileName) {
		return postMultipart(storyPath + "/audio",
				new Multipart().file("file", fileName, "audio/mpeg", MediaSamples.mp3(300)));
	}

	private static String id(EntityExchangeResult<String> created) {
		assertThat(created.getStatus().value()).as("%s", created).isEqualTo(201);
		return jsonBody(created).get("id").asString();
	}

	private EntityExchangeResult<String> putIfMatch(String path, String json, String ifMatch) {
		return this.client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.header("If-Match", ifMatch)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> deleteIfMatch(String path, String ifMatch) {
		return this.client.delete()
			.uri(URI.create(path))
			.header("If-Match", ifMatch)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> getIfNoneMatch(String path, String ifNoneMatch) {
		return this.client.get()
			.uri(URI.create(path))
			.header("If-None-Match", ifNoneMatch)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipartIfMatch(String path, Multipart form, String ifMatch) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.header("If-Match", ifMatch)
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipart(String path, Multipart form) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
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

}
