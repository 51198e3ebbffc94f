package com.talegenerator.tales.web.etag;

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

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.openapi.OpenApiContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

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
		HttpApi.Response child = this.api.post("/children", CHILD);
		String childPath = "/children/" + child.json().get("id").asString();
		assertVersions(child, this.api.put(childPath, CHILD), childPath);

		HttpApi.Response hero = this.api.post("/heroes", HERO);
		String heroPath = "/heroes/" + hero.json().get("id").asString();
		assertVersions(hero, this.api.put(heroPath, HERO), heroPath);

		HttpApi.Response story = this.api.post("/stories", "{\"title\":\"Tagged\",\"content\":\"c\",\"moral\":\"m\"}");
		String storyPath = "/stories/" + story.json().get("id").asString();
		HttpApi.Response rated = this.api.put(storyPath + "/rating", "{\"rating\":7}");
		assertVersions(story, rated, storyPath);
		HttpApi.Response narrated = upload(storyPath, "tagged.mp3");
		assertThat(narrated.status()).isEqualTo(200);
		assertThat(narrated.header("ETag")).isPresent().isNotEqualTo(rated.header("ETag"));
		assertThat(this.api.get(storyPath).header("ETag")).isEqualTo(narrated.header("ETag"));
		// a list is no single resource: no ETag
		assertThat(this.api.get("/stories?limit=1").header("ETag")).isEmpty();
	}

	@Test
	void answers304WithoutABodyWhileIfNoneMatchNamesTheCurrentVersion() {
		for (String path : List.of("/children/" + id(this.api.post("/children", CHILD)),
				"/heroes/" + id(this.api.post("/heroes", HERO)), "/stories/"
						+ id(this.api.post("/stories", "{\"title\":\"Cached\",\"content\":\"c\",\"moral\":\"m\"}")))) {
			String etag = this.api.get(path).header("ETag").orElseThrow();

			for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"0\", " + etag)) {
				HttpApi.Response notModified = this.api.get(path, "If-None-Match", ifNoneMatch);
				assertThat(notModified.status()).as(path + " " + ifNoneMatch).isEqualTo(304);
				assertThat(notModified.header("ETag")).hasValue(etag);
				assertThat(notModified.body()).isEmpty();
			}
			HttpApi.Response other = this.api.get(path, "If-None-Match", "\"0\"");
			assertThat(other.status()).isEqualTo(200);
			assertThat(other.header("ETag")).hasValue(etag);
			assertThat(other.json().get("id").asString()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
		}
	}

	@Test
	void answersAChangedResourceWithItsNewVersionDespiteIfNoneMatch() {
		HttpApi.Response created = this.api.post("/children", CHILD);
		String path = "/children/" + id(created);
		String before = created.header("ETag").orElseThrow();
		String after = this.api.put(path, CHILD.replace("Ada", "Ada Lovelace")).header("ETag").orElseThrow();

		HttpApi.Response read = this.api.get(path, "If-None-Match", before);

		assertThat(read.status()).isEqualTo(200);
		assertThat(read.header("ETag")).hasValue(after);
		assertThat(read.json().get("name").asString()).isEqualTo("Ada Lovelace");
	}

	@Test
	void replacesAChildOnlyWhileIfMatchNamesItsCurrentVersion() {
		HttpApi.Response created = this.api.post("/children", CHILD);
		String path = "/children/" + id(created);
		String first = created.header("ETag").orElseThrow();

		HttpApi.Response matched = this.api.exchange("PUT", path, CHILD.replace("Ada", "Bea"), "If-Match", first);
		assertThat(matched.status()).as(matched.body()).isEqualTo(200);
		String second = matched.header("ETag").orElseThrow();
		JsonNode stored = this.api.get(path).json();

		HttpApi.Response stale = this.api.exchange("PUT", path, CHILD.replace("Ada", "Cleo"), "If-Match", first);
		JsonNode problem = Problems.assertProblem(stale, 412, path);
		assertThat(problem.get("detail").asString()).contains("changed");
		assertThat(stale.header("ETag")).hasValue(second);
		assertThat(this.api.get(path).json()).isEqualTo(stored);

		// strong comparison: a weak tag never matches
		assertThat(this.api.exchange("PUT", path, CHILD.replace("Ada", "Dora"), "If-Match", "W/" + second).status())
			.isEqualTo(412);
		assertThat(this.api.get(path).json()).isEqualTo(stored);

		HttpApi.Response inList = this.api.exchange("PUT", path, CHILD.replace("Ada", "Eve"), "If-Match",
				first + ", " + second);
		assertThat(inList.status()).isEqualTo(200);
		HttpApi.Response any = this.api.exchange("PUT", path, CHILD.replace("Ada", "Fay"), "If-Match", "*");
		assertThat(any.status()).isEqualTo(200);
		assertThat(any.json().get("name").asString()).isEqualTo("Fay");
		assertThat(any.header("ETag")).isPresent().isNotEqualTo(inList.header("ETag"));
	}

	@Test
	void ofTwoEditorsHoldingTheSameVersionTheSecondGets412() {
		String path = "/children/" + id(this.api.post("/children", CHILD));
		String read = this.api.get(path).header("ETag").orElseThrow();
		String seenByTheOther = this.api.get(path).header("ETag").orElseThrow();
		assertThat(seenByTheOther).isEqualTo(read);

		HttpApi.Response first = this.api.exchange("PUT", path,
				"{\"name\":\"Ada\",\"age\":7,\"gender\":\"girl\",\"interests\":[\"owls\",\"maths\"]}", "If-Match",
				read);
		HttpApi.Response second = this.api.exchange("PUT", path,
				"{\"name\":\"Ada\",\"age\":6,\"gender\":\"girl\",\"interests\":[]}", "If-Match", seenByTheOther);

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(412);
		assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
		JsonNode now = this.api.get(path).json();
		assertThat(now.get("age").asInt()).isEqualTo(7);
		assertThat(now.get("interests").toString()).isEqualTo("[\"owls\",\"maths\"]");
		assertThat(now).isEqualTo(first.json());
	}

	@Test
	void honoursIfMatchOnHeroes() {
		HttpApi.Response created = this.api.post("/heroes", HERO);
		String path = "/heroes/" + id(created);
		String first = created.header("ETag").orElseThrow();
		HttpApi.Response replaced = this.api.exchange("PUT", path, HERO.replace("Whiskers", "Mittens"), "If-Match",
				first);
		assertThat(replaced.status()).isEqualTo(200);

		Problems.assertProblem(this.api.exchange("PUT", path, HERO, "If-Match", first), 412, path);
		Problems.assertProblem(this.api.exchange("DELETE", path, null, "If-Match", first), 412, path);

		assertThat(this.api.get(path).json()).isEqualTo(replaced.json());
		assertThat(this.api.exchange("DELETE", path, null, "If-Match", replaced.header("ETag").orElseThrow()).status())
			.isEqualTo(204);
		assertThat(this.api.get(path).status()).isEqualTo(404);
	}

	@Test
	void honoursIfMatchOnAStorysRatingDeletionAndAudio() {
		HttpApi.Response created = this.api.post("/stories",
				"{\"title\":\"Guarded\",\"content\":\"c\",\"moral\":\"m\"}");
		String id = id(created);
		String path = "/stories/" + id;
		String first = created.header("ETag").orElseThrow();

		HttpApi.Response rated = this.api.exchange("PUT", path + "/rating", "{\"rating\":9}", "If-Match", first);
		assertThat(rated.status()).isEqualTo(200);
		String second = rated.header("ETag").orElseThrow();
		Problems.assertProblem(this.api.exchange("PUT", path + "/rating", "{\"rating\":2}", "If-Match", first), 412,
				path + "/rating");
		Problems.assertProblem(this.api.exchange("DELETE", path, null, "If-Match", first), 412, path);
		HttpApi.Response staleUpload = this.api.postMultipart(path + "/audio",
				new Multipart().file("file", "stale.mp3", "audio/mpeg", "stale".getBytes(StandardCharsets.UTF_8)),
				"If-Match", first);
		Problems.assertProblem(staleUpload, 412, path + "/audio");
		assertThat(staleUpload.header("ETag")).hasValue(second);
		assertThat(this.api.get(path).json()).isEqualTo(rated.json());
		assertThat(Files.exists(this.storageDirectory.resolve("tales/stories/" + id + "/stale.mp3"))).isFalse();

		HttpApi.Response narrated = this.api.postMultipart(path + "/audio",
				new Multipart().file("file", "fresh.mp3", "audio/mpeg", "fresh".getBytes(StandardCharsets.UTF_8)),
				"If-Match", second);
		assertThat(narrated.status()).as(narrated.body()).isEqualTo(200);
		HttpApi.Response anyRating = this.api.exchange("PUT", path + "/rating", "{\"rating\":3}", "If-Match", "*");
		assertThat(anyRating.status()).isEqualTo(200);
		assertThat(this.api.exchange("DELETE", path, null, "If-Match", anyRating.header("ETag").orElseThrow()).status())
			.isEqualTo(204);
	}

	@Test
	void rejectsAMalformedIfMatchWith400AndChangesNothing() {
		HttpApi.Response created = this.api.post("/children", CHILD);
		String path = "/children/" + id(created);

		for (String malformed : List.of("abc", "\"abc", "W/abc", "*, \"abc\"", "\"a\"\"b\"", "\"a\" \"b\"", "\"a\" b",
				",")) {
			HttpApi.Response response = this.api.exchange("PUT", path, CHILD.replace("Ada", "Zoe"), "If-Match",
					malformed);
			Problems.assertInvalidFields(response, path, "If-Match");
		}
		assertThat(this.api.get(path).json()).isEqualTo(created.json());
	}

	@Test
	void answers404NotA412ForUnknownIds() {
		for (String ifMatch : List.of("\"abc\"", "*")) {
			assertThat(this.api.exchange("PUT", "/children/" + UUID.randomUUID(), CHILD, "If-Match", ifMatch).status())
				.isEqualTo(404);
			assertThat(this.api.exchange("PUT", "/heroes/" + UUID.randomUUID(), HERO, "If-Match", ifMatch).status())
				.isEqualTo(404);
			assertThat(this.api
				.exchange("PUT", "/stories/" + UUID.randomUUID() + "/rating", "{\"rating\":5}", "If-Match", ifMatch)
				.status()).isEqualTo(404);
			assertThat(this.api.exchange("DELETE", "/stories/" + UUID.randomUUID(), null, "If-Match", ifMatch).status())
				.isEqualTo(404);
		}
	}

	@Test
	void everyWriterMovesTheVersionForwardEvenAgainstTheClock() {
		String id = id(this.api.post("/children", CHILD));
		String path = "/children/" + id;
		OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("UPDATE tales.children SET updated_at = ? WHERE id = ?::uuid", future, id);
		String read = this.api.get(path).header("ETag").orElseThrow();

		// a writer that leaves updated_at alone gets now(), which is behind the stored
		// value
		this.jdbc.update("UPDATE tales.children SET age = 9 WHERE id = ?::uuid", id);
		HttpApi.Response afterSql = this.api.get(path);
		// and one that moves it back is moved forward
		this.jdbc.update("UPDATE tales.children SET age = 10, updated_at = '2020-01-01Z' WHERE id = ?::uuid", id);
		HttpApi.Response afterBackdating = this.api.get(path);
		HttpApi.Response replaced = this.api.exchange("PUT", path, CHILD, "If-Match",
				afterBackdating.header("ETag").orElseThrow());

		assertThat(afterSql.header("ETag")).isPresent().isNotEqualTo(Optional.of(read));
		assertThat(Instant.parse(afterSql.json().get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(1_000));
		assertThat(Instant.parse(afterBackdating.json().get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(2_000));
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(Instant.parse(replaced.json().get("updatedAt").asString()))
			.isEqualTo(future.toInstant().plusNanos(3_000));
		assertThat(this.api.get(path).json()).isEqualTo(replaced.json());
	}

	@Test
	void describesETagsAndPreconditionsInOpenApi() {
		JsonNode description = this.api.get("/openapi.json").json();
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
	private void assertVersions(HttpApi.Response created, HttpApi.Response updated, String path) {
		assertThat(created.status()).isEqualTo(201);
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		String first = created.header("ETag").orElseThrow();
		String second = updated.header("ETag").orElseThrow();
		assertThat(first).matches("\"[0-9a-f]+\"");
		assertThat(second).matches("\"[0-9a-f]+\"").isNotEqualTo(first);
		assertThat(this.api.get(path).header("ETag")).hasValue(second);
	}

	private HttpApi.Response upload(String storyPath, String fileName) {
		return this.api.postMultipart(storyPath + "/audio",
				new Multipart().file("file", fileName, "audio/mpeg", "audio".getBytes(StandardCharsets.UTF_8)));
	}

	private static String id(HttpApi.Response created) {
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

}
