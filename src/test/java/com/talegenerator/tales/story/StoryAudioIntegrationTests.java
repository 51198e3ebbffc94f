package com.talegenerator.tales.story;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audio uploads and downloads over real HTTP with local storage (the default mode).
 */
class StoryAudioIntegrationTests extends IntegrationTestSupport {

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Test
	void uploadsAudioAndServesItByteForByte() {
		String id = createStory();
		byte[] audio = randomBytes(300_000);

		HttpApi.Response uploaded = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "bedtime.mp3", "audio/mpeg", audio)
					.field("provider", "elevenlabs")
					.field("metadata", "{\"voice\":\"Rachel\",\"duration\":12.50}"),
				false);

		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		JsonNode story = uploaded.json();
		String url = story.get("audioFileUrl").asString();
		// the public URL, with the version of this upload in its query
		assertThat(url).matches(java.util.regex.Pattern.quote(
				this.api.base() + "/storage/v1/object/public/tales/stories/" + id + "/bedtime.mp3") + "\\?v=[0-9a-z]+");
		assertThat(story.get("audioProvider").asString()).isEqualTo("elevenlabs");
		assertThat(uploaded.body()).contains("\"audioGenerationMetadata\":{\"voice\":\"Rachel\",\"duration\":12.50}");
		assertThat(this.api.get("/stories/" + id).json()).isEqualTo(story);

		HttpApi.Response redirect = this.api.get("/stories/" + id + "/audio");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).hasValue(url);

		byte[] downloaded = this.api.download(url, (body) -> {
			try {
				return body.readAllBytes();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		assertThat(downloaded).isEqualTo(audio);
		HttpApi.Response head = this.api.get(url);
		assertThat(head.header("Content-Type")).hasValue("audio/mpeg");
		assertThat(head.header("Content-Length")).hasValue("300000");
		assertThat(head.header("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void servesRangesAndConditionalRequests() {
		String id = createStory();
		byte[] audio = randomBytes(10_000);
		String url = upload(id, "seek.ogg", "audio/ogg", audio).get("audioFileUrl").asString();

		HttpApi.Response range = this.api.get(url, "Range", "bytes=100-199");
		assertThat(range.status()).isEqualTo(206);
		assertThat(range.header("Content-Range")).hasValue("bytes 100-199/10000");
		assertThat(range.header("Content-Length")).hasValue("100");

		HttpApi.Response full = this.api.get(url);
		String etag = full.header("ETag").orElseThrow();
		assertThat(full.header("Last-Modified")).isPresent();
		assertThat(full.header("Accept-Ranges")).hasValue("bytes");
		assertThat(this.api.get(url, "If-None-Match", etag).status()).isEqualTo(304);
		HttpApi.Response outside = this.api.get(url, "Range", "bytes=20000-");
		assertThat(outside.status()).isEqualTo(416);
		assertThat(outside.header("Content-Range")).hasValue("bytes */10000");
		assertThat(outside.header("Content-Type")).hasValue("application/problem+json");
		assertThat(outside.json().get("status").asInt()).isEqualTo(416);
	}

	@Test
	void aSecondUploadReplacesTheFirst() {
		String id = createStory();
		upload(id, "first.mp3", "audio/mpeg", randomBytes(1000));
		JsonNode sameName = upload(id, "first.mp3", "audio/mpeg", "replaced".getBytes(StandardCharsets.UTF_8));
		JsonNode otherName = upload(id, "second.mp3", "audio/mpeg", "second".getBytes(StandardCharsets.UTF_8));

		assertThat(this.api.get(sameName.get("audioFileUrl").asString()).status()).isEqualTo(404);
		assertThat(this.api.get(otherName.get("audioFileUrl").asString()).body()).isEqualTo("second");
		assertThat(storedFiles(id)).containsExactly("second.mp3");
	}

	@Test
	void aReplacementUnderTheSameNameGetsANewUrlThatServesTheNewBytes() {
		String id = createStory();
		byte[] first = randomBytes(2000);
		byte[] second = randomBytes(3000);

		String firstUrl = upload(id, "bedtime.mp3", "audio/mpeg", first).get("audioFileUrl").asString();
		String secondUrl = upload(id, "bedtime.mp3", "audio/mpeg", second).get("audioFileUrl").asString();

		// a cache keyed by the URL (a browser's, a CDN's) cannot serve the first bytes
		assertThat(secondUrl).isNotEqualTo(firstUrl);
		String path = "/storage/v1/object/public/tales/stories/" + id + "/bedtime.mp3";
		assertThat(URI.create(firstUrl).getPath()).isEqualTo(path);
		assertThat(URI.create(secondUrl).getPath()).isEqualTo(path);
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").asString()).isEqualTo(secondUrl);
		assertThat(this.api.get("/stories/" + id + "/audio").header("Location")).hasValue(secondUrl);
		assertThat(this.api.download(secondUrl, StoryAudioIntegrationTests::readAll)).isEqualTo(second);
		assertThat(storedFiles(id)).containsExactly("bedtime.mp3");
	}

	@Test
	void reducesTheFileNameToASafeBaseName() {
		String id = createStory();

		JsonNode story = upload(id, "../../../etc/cron.d/x.mp3", "audio/mpeg", randomBytes(10));
		JsonNode unnamed = upload(createStory(), "", "audio/mpeg", randomBytes(10));

		assertThat(URI.create(story.get("audioFileUrl").asString()).getPath()).endsWith("/stories/" + id + "/x.mp3");
		assertThat(storedFiles(id)).containsExactly("x.mp3");
		assertThat(URI.create(unnamed.get("audioFileUrl").asString()).getPath()).endsWith("/story.mp3");
	}

	@ParameterizedTest
	@ValueSource(ints = { 440, 1000, 2000 })
	void shortensALongFileNameToASafeKey(int length) {
		String id = createStory();

		JsonNode story = upload(id, "a".repeat(length - 4) + ".mp3", "audio/mpeg", randomBytes(1024));

		String stored = "a".repeat(96) + ".mp3";
		assertThat(URI.create(story.get("audioFileUrl").asString()).getPath())
			.endsWith("/stories/" + id + "/" + stored);
		assertThat(storedFiles(id)).containsExactly(stored);
	}

	@Test
	void shortensALongNonAsciiFileNameToASafeKey() {
		String id = createStory();
		String path = "/stories/" + id + "/audio";
		// 1900 characters, 3.5 KB as UTF-8: sent as they are, as browsers do
		String name = "Сказка про дракона ".repeat(100) + ".mp3";
		JsonNode utf8 = upload(id, name, "audio/mpeg", randomBytes(1024));
		// 950 characters, 5 KB percent-encoded in an RFC 5987 filename*
		HttpApi.Response encoded = this.api.postMultipart(path, new Multipart().fileWithDisposition(
				"form-data; name=\"file\"; filename*=UTF-8''" + rfc5987("Сказка про дракона ".repeat(50) + ".mp3"),
				"audio/mpeg", randomBytes(1024)), false);

		String stored = "_".repeat(96) + ".mp3";
		assertThat(URI.create(utf8.get("audioFileUrl").asString()).getPath()).endsWith("/stories/" + id + "/" + stored);
		assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
		assertThat(URI.create(encoded.json().get("audioFileUrl").asString()).getPath())
			.endsWith("/stories/" + id + "/" + stored);
		assertThat(storedFiles(id)).containsExactly(stored);
	}

	@Test
	void refusesPartHeadersOverTheLimitWith400() {
		String id = createStory();
		String path = "/stories/" + id + "/audio";
		Multipart longName = new Multipart().file("file", "a".repeat(10_000) + ".mp3", "audio/mpeg", randomBytes(1024));
		// 2000 characters, 11 KB percent-encoded
		Multipart longEncodedName = new Multipart().fileWithDisposition(
				"form-data; name=\"file\"; filename*=UTF-8''" + rfc5987("Сказка про дракона ".repeat(105) + ".mp3"),
				"audio/mpeg", randomBytes(1024));

		for (Multipart form : List.of(longName, longEncodedName)) {
			JsonNode problem = Problems.assertProblem(this.api.postMultipart(path, form, false), 400, path);
			assertThat(problem.get("detail").asString()).contains("headers").contains("file name");
		}
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").isNull()).isTrue();
		assertThat(storedFiles(id)).isEmpty();
	}

	@Test
	void refusesPathsThatLeaveTheBucket() throws Exception {
		String id = createStory();
		upload(id, "kept.mp3", "audio/mpeg", randomBytes(10));
		Files.writeString(this.storageDirectory.resolve("secret.txt"), "top-secret-content");
		String base = "/storage/v1/object/public/tales/";

		for (String path : new String[] { "..%2Fsecret.txt", "%2e%2e/secret.txt",
				"stories/" + id + "/%2e%2e/%2e%2e/../secret.txt", "stories/" + id + "/..%5C..%5Csecret.txt",
				"../secret.txt", ".metadata/tales/stories/" + id + "/kept.mp3", "stories/" + id + "/%00kept.mp3" }) {
			HttpApi.Response response = this.api.get(base + path);
			assertThat(response.status()).as(path).isIn(400, 404);
			assertThat(response.body()).as(path).doesNotContain("top-secret-content");
		}
		assertThat(this.api.get("/storage/v1/object/public/other/stories/" + id + "/kept.mp3").status()).isEqualTo(404);
	}

	@Test
	void refusesFilesThatAreNotAudio() {
		String id = createStory();

		HttpApi.Response response = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "page.html", "text/html", "<script>".getBytes(StandardCharsets.UTF_8)),
				false);

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").isNull()).isTrue();
		assertThat(storedFiles(id)).isEmpty();
	}

	@Test
	void refusesMalformedUploads() {
		String id = createStory();
		String path = "/stories/" + id + "/audio";

		assertThat(
				this.api
					.postMultipart(path,
							new Multipart().file("file", "a.mp3", "audio/mpeg", randomBytes(10))
								.field("metadata", "[1,2]"),
							false)
					.json()
					.get("errors")
					.get(0)
					.get("field")
					.asString())
			.isEqualTo("metadata");
		assertThat(this.api.postMultipart(path, new Multipart().field("provider", "x"), false).status()).isEqualTo(400);
		assertThat(this.api.postMultipart(path, new Multipart().file("file", "a.mp3", "audio/mpeg", new byte[0]), false)
			.status()).isEqualTo(400);
		assertThat(this.api.post(path, "{}").status()).isEqualTo(415);
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void refusesValuesItCannotStoreBeforeTouchingTheStoredFile() {
		String id = createStory();
		byte[] kept = randomBytes(50);
		String url = upload(id, "story.mp3", "audio/mpeg", kept).get("audioFileUrl").asString();
		String before = this.api.get("/stories/" + id).body();

		HttpApi.Response nulInMetadata = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", randomBytes(7))
					.field("metadata", "{\"\\u0000\":1}"),
				false);
		HttpApi.Response nulInProvider = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", randomBytes(9)).field("provider", "a\u0000b"),
				false);
		// valid JSON, but beyond the range of jsonb's numbers; only PostgreSQL knows
		// exactly where that range ends
		HttpApi.Response hugeNumberInMetadata = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", randomBytes(11))
					.field("metadata", "{\"a\":1e999999999}"),
				false);

		Problems.assertInvalidFields(nulInMetadata, "/stories/" + id + "/audio", "metadata");
		assertThat(nulInProvider.status()).isEqualTo(400);
		Problems.assertInvalidFields(hugeNumberInMetadata, "/stories/" + id + "/audio", "metadata");
		assertThat(this.api.get("/stories/" + id).body()).isEqualTo(before);
		assertThat(this.api.get(url).header("Content-Length")).hasValue("50");
	}

	@Test
	void answers404ForUnknownStoriesAndMissingAudio() {
		String unknown = UUID.randomUUID().toString();

		assertThat(this.api
			.postMultipart("/stories/" + unknown + "/audio",
					new Multipart().file("file", "a.mp3", "audio/mpeg", randomBytes(10)), false)
			.status()).isEqualTo(404);
		assertThat(storedFiles(unknown)).isEmpty();
		assertThat(this.api.get("/stories/" + unknown + "/audio").status()).isEqualTo(404);
		HttpApi.Response none = this.api.get("/stories/" + createStory() + "/audio");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.header("Content-Type")).hasValue("application/problem+json");
		assertThat(this.api.get("/storage/v1/object/public/tales/stories/" + unknown + "/a.mp3").status())
			.isEqualTo(404);
	}

	@Test
	void deletingAStoryRemovesItsFiles() {
		String id = createStory();
		String url = upload(id, "gone.mp3", "audio/mpeg", randomBytes(100)).get("audioFileUrl").asString();

		assertThat(this.api.delete("/stories/" + id).status()).isEqualTo(204);

		assertThat(this.api.get(url).status()).isEqualTo(404);
		assertThat(storedFiles(id)).isEmpty();
	}

	private JsonNode upload(String id, String fileName, String contentType, byte[] content) {
		HttpApi.Response response = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", fileName, contentType, content), false);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	/** RFC 5987's percent-encoding of UTF-8, as in {@code filename*=UTF-8''…}. */
	private static String rfc5987(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '-'
					|| b == '_') {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

	private String createStory() {
		HttpApi.Response response = this.api.post("/stories",
				"{\"title\":\"Audio\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(response.status()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private String[] storedFiles(String storyId) {
		Path folder = this.storageDirectory.resolve("tales").resolve("stories").resolve(storyId);
		if (!Files.isDirectory(folder)) {
			return new String[0];
		}
		try (var files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> !name.startsWith("."))
				.sorted()
				.toArray(String[]::new);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static byte[] readAll(java.io.InputStream body) {
		try {
			return body.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return Arrays.copyOf(bytes, size);
	}

}
