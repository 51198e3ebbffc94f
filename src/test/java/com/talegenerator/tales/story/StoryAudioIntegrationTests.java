package com.talegenerator.tales.story;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.origin;
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
		byte[] audio = MediaSamples.mp3(300_000);

		EntityExchangeResult<String> uploaded = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "bedtime.mp3", "audio/mpeg", audio)
					.field("provider", "elevenlabs")
					.field("metadata", "{\"voice\":\"Rachel\",\"duration\":12.50}"));

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		JsonNode story = jsonBody(uploaded);
		String url = story.get("audioFileUrl").asString();
		// a signed URL (the default media access), its token a JWT, with the version of
		// this upload
		assertThat(url).matches(java.util.regex.Pattern
			.quote(origin(uploaded) + "/storage/v1/object/sign/tales/stories/" + id + "/bedtime.mp3")
				+ "\\?token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+&v=[0-9a-z]+");
		assertThat(story.get("audioProvider").asString()).isEqualTo("elevenlabs");
		assertThat(uploaded.getResponseBody())
			.contains("\"audioGenerationMetadata\":{\"voice\":\"Rachel\",\"duration\":12.50}");
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(story);

		EntityExchangeResult<String> redirect = get("/stories/" + id + "/audio");
		assertThat(redirect.getStatus().value()).isEqualTo(302);
		assertThat(header(redirect, "Location")).hasValue(url);

		byte[] downloaded = get(url).getResponseBodyContent();
		assertThat(downloaded).isEqualTo(audio);
		EntityExchangeResult<String> head = get(url);
		assertThat(header(head, "Content-Type")).hasValue("audio/mpeg");
		assertThat(header(head, "Content-Length")).hasValue("300000");
		assertThat(header(head, "X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void servesRangesAndConditionalRequests() {
		String id = createStory();
		byte[] audio = MediaSamples.ogg(10_000);
		String url = upload(id, "seek.ogg", "audio/ogg", audio).get("audioFileUrl").asString();

		EntityExchangeResult<String> range = get(url, "Range", "bytes=100-199");
		assertThat(range.getStatus().value()).isEqualTo(206);
		assertThat(header(range, "Content-Range")).hasValue("bytes 100-199/10000");
		assertThat(header(range, "Content-Length")).hasValue("100");

		EntityExchangeResult<String> full = get(url);
		String etag = header(full, "ETag").orElseThrow();
		assertThat(header(full, "Last-Modified")).isPresent();
		assertThat(header(full, "Accept-Ranges")).hasValue("bytes");
		assertThat(get(url, "If-None-Match", etag).getStatus().value()).isEqualTo(304);
		EntityExchangeResult<String> outside = get(url, "Range", "bytes=20000-");
		assertThat(outside.getStatus().value()).isEqualTo(416);
		assertThat(header(outside, "Content-Range")).hasValue("bytes */10000");
		assertThat(header(outside, "Content-Type")).hasValue("application/problem+json");
		assertThat(jsonBody(outside).get("status").asInt()).isEqualTo(416);
	}

	@Test
	void aSecondUploadReplacesTheFirst() {
		String id = createStory();
		upload(id, "first.mp3", "audio/mpeg", MediaSamples.mp3(1000));
		JsonNode sameName = upload(id, "first.mp3", "audio/mpeg", MediaSamples.mp3("replaced"));
		JsonNode otherName = upload(id, "second.mp3", "audio/mpeg", MediaSamples.mp3("second"));

		assertThat(get(sameName.get("audioFileUrl").asString()).getStatus().value()).isEqualTo(404);
		assertThat(get(otherName.get("audioFileUrl").asString()).getResponseBodyContent())
			.isEqualTo(MediaSamples.mp3("second"));
		assertThat(storedFiles(id)).containsExactly("second.mp3");
	}

	@Test
	void aReplacementUnderTheSameNameGetsANewUrlThatServesTheNewBytes() {
		String id = createStory();
		byte[] first = MediaSamples.mp3(2000);
		byte[] second = MediaSamples.mp3(3000);

		String firstUrl = upload(id, "bedtime.mp3", "audio/mpeg", first).get("audioFileUrl").asString();
		String secondUrl = upload(id, "bedtime.mp3", "audio/mpeg", second).get("audioFileUrl").asString();

		// a cache keyed by the URL (a browser's, a CDN's) cannot serve the first bytes
		assertThat(secondUrl).isNotEqualTo(firstUrl);
		String path = "/storage/v1/object/sign/tales/stories/" + id + "/bedtime.mp3";
		assertThat(URI.create(firstUrl).getPath()).isEqualTo(path);
		assertThat(URI.create(secondUrl).getPath()).isEqualTo(path);
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").asString()).isEqualTo(secondUrl);
		assertThat(header(get("/stories/" + id + "/audio"), "Location")).hasValue(secondUrl);
		assertThat(get(secondUrl).getResponseBodyContent()).isEqualTo(second);
		assertThat(storedFiles(id)).containsExactly("bedtime.mp3");
	}

	@Test
	void reducesTheFileNameToASafeBaseName() {
		String id = createStory();

		JsonNode story = upload(id, "../../../etc/cron.d/x.mp3", "audio/mpeg", MediaSamples.mp3(10));
		JsonNode unnamed = upload(createStory(), "", "audio/mpeg", MediaSamples.mp3(10));

		assertThat(URI.create(story.get("audioFileUrl").asString()).getPath()).endsWith("/stories/" + id + "/x.mp3");
		assertThat(storedFiles(id)).containsExactly("x.mp3");
		assertThat(URI.create(unnamed.get("audioFileUrl").asString()).getPath()).endsWith("/story.mp3");
	}

	@ParameterizedTest
	@ValueSource(ints = { 440, 1000, 2000 })
	void shortensALongFileNameToASafeKey(int length) {
		String id = createStory();

		JsonNode story = upload(id, "a".repeat(length - 4) + ".mp3", "audio/mpeg", MediaSamples.mp3(1024));

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
		JsonNode utf8 = upload(id, name, "audio/mpeg", MediaSamples.mp3(1024));
		// 950 characters, 5 KB percent-encoded in an RFC 5987 filename*
		EntityExchangeResult<String> encoded = postMultipart(path,
				new Multipart().fileWithDisposition(
						"form-data; name=\"file\"; filename*=UTF-8''"
								+ rfc5987("Сказка про дракона ".repeat(50) + ".mp3"),
						"audio/mpeg", MediaSamples.mp3(1024)));

		String stored = "_".repeat(96) + ".mp3";
		assertThat(URI.create(utf8.get("audioFileUrl").asString()).getPath()).endsWith("/stories/" + id + "/" + stored);
		assertThat(encoded.getStatus().value()).as("%s", encoded).isEqualTo(200);
		assertThat(URI.create(jsonBody(encoded).get("audioFileUrl").asString()).getPath())
			.endsWith("/stories/" + id + "/" + stored);
		assertThat(storedFiles(id)).containsExactly(stored);
	}

	@Test
	void refusesPartHeadersOverTheLimitWith400() {
		String id = createStory();
		String path = "/stories/" + id + "/audio";
		Multipart longName = new Multipart().file("file", "a".repeat(10_000) + ".mp3", "audio/mpeg",
				MediaSamples.mp3(1024));
		// 2000 characters, 11 KB percent-encoded
		Multipart longEncodedName = new Multipart().fileWithDisposition(
				"form-data; name=\"file\"; filename*=UTF-8''" + rfc5987("Сказка про дракона ".repeat(105) + ".mp3"),
				"audio/mpeg", MediaSamples.mp3(1024));

		for (Multipart form : List.of(longName, longEncodedName)) {
			JsonNode problem = Problems.assertProblem(postMultipart(path, form), 400, path);
			assertThat(problem.get("detail").asString()).contains("headers").contains("file name");
		}
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
		assertThat(storedFiles(id)).isEmpty();
	}

	@Test
	void refusesPathsThatLeaveTheBucket() throws Exception {
		String id = createStory();
		String kept = upload(id, "kept.mp3", "audio/mpeg", MediaSamples.mp3(10)).get("audioFileUrl").asString();
		Files.writeString(this.storageDirectory.resolve("secret.txt"), "top-secret-content");
		String base = "/storage/v1/object/sign/tales/";
		// a valid token, of the kept file: it opens no other path
		String token = "?" + URI.create(kept).getRawQuery();

		for (String path : new String[] { "..%2Fsecret.txt", "%2e%2e/secret.txt",
				"stories/" + id + "/%2e%2e/%2e%2e/../secret.txt", "stories/" + id + "/..%5C..%5Csecret.txt",
				"../secret.txt", ".metadata/tales/stories/" + id + "/kept.mp3", "stories/" + id + "/%00kept.mp3" }) {
			EntityExchangeResult<String> response = get(base + path + token);
			assertThat(response.getStatus().value()).as(path).isIn(400, 403, 404);
			assertThat(response.getResponseBody()).as(path).doesNotContain("top-secret-content");
		}
		assertThat(get("/storage/v1/object/sign/other/stories/" + id + "/kept.mp3" + token).getStatus().value())
			.isIn(403, 404);
	}

	@Test
	void refusesFilesThatAreNotAudio() {
		String id = createStory();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "page.html", "text/html", "<script>".getBytes(StandardCharsets.UTF_8)));

		assertThat(response.getStatus().value()).isEqualTo(415);
		assertThat(header(response, "Content-Type")).hasValue("application/problem+json");
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
		assertThat(storedFiles(id)).isEmpty();
	}

	@Test
	void refusesMalformedUploads() {
		String id = createStory();
		String path = "/stories/" + id + "/audio";

		assertThat(jsonBody(postMultipart(path,
				new Multipart().file("file", "a.mp3", "audio/mpeg", MediaSamples.mp3(10)).field("metadata", "[1,2]")))
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("metadata");
		assertThat(postMultipart(path, new Multipart().field("provider", "x")).getStatus().value()).isEqualTo(400);
		assertThat(postMultipart(path, new Multipart().file("file", "a.mp3", "audio/mpeg", new byte[0])).getStatus()
			.value()).isEqualTo(400);
		assertThat(post(path, "{}").getStatus().value()).isEqualTo(415);
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void refusesValuesItCannotStoreBeforeTouchingTheStoredFile() {
		String id = createStory();
		byte[] kept = MediaSamples.mp3(50);
		String url = upload(id, "story.mp3", "audio/mpeg", kept).get("audioFileUrl").asString();
		String before = get("/stories/" + id).getResponseBody();

		EntityExchangeResult<String> nulInMetadata = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", MediaSamples.mp3(17))
					.field("metadata", "{\"\\u0000\":1}"));
		EntityExchangeResult<String> nulInProvider = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", MediaSamples.mp3(19))
					.field("provider", "a\u0000b"));
		// valid JSON, but beyond the range of jsonb's numbers; only PostgreSQL knows
		// exactly where that range ends
		EntityExchangeResult<String> hugeNumberInMetadata = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", MediaSamples.mp3(21))
					.field("metadata", "{\"a\":1e999999999}"));

		Problems.assertInvalidFields(nulInMetadata, "/stories/" + id + "/audio", "metadata");
		assertThat(nulInProvider.getStatus().value()).isEqualTo(400);
		Problems.assertInvalidFields(hugeNumberInMetadata, "/stories/" + id + "/audio", "metadata");
		assertThat(get("/stories/" + id).getResponseBody()).isEqualTo(before);
		assertThat(header(get(url), "Content-Length")).hasValue("50");
	}

	@Test
	void answers404ForUnknownStoriesAndMissingAudio() {
		String unknown = UUID.randomUUID().toString();

		assertThat(postMultipart("/stories/" + unknown + "/audio",
				new Multipart().file("file", "a.mp3", "audio/mpeg", MediaSamples.mp3(10)))
			.getStatus()
			.value()).isEqualTo(404);
		assertThat(storedFiles(unknown)).isEmpty();
		assertThat(get("/stories/" + unknown + "/audio").getStatus().value()).isEqualTo(404);
		EntityExchangeResult<String> none = get("/stories/" + createStory() + "/audio");
		assertThat(none.getStatus().value()).isEqualTo(404);
		assertThat(header(none, "Content-Type")).hasValue("application/problem+json");
		assertThat(get("/storage/v1/object/public/tales/stories/" + unknown + "/a.mp3").getStatus().value())
			.isEqualTo(404);
	}

	@Test
	void deletingAStoryRemovesItsFiles() {
		String id = createStory();
		String url = upload(id, "gone.mp3", "audio/mpeg", MediaSamples.mp3(100)).get("audioFileUrl").asString();

		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);

		assertThat(get(url).getStatus().value()).isEqualTo(404);
		assertThat(storedFiles(id)).isEmpty();
	}

	private JsonNode upload(String id, String fileName, String contentType, byte[] content) {
		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", fileName, contentType, content));
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		return jsonBody(response);
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
		EntityExchangeResult<String> response = post("/stories",
				"{\"title\":\"Audio\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(response.getStatus().value()).isEqualTo(201);
		return jsonBody(response).get("id").asString();
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

	// paths as written (already encoded, or a URL the service sent), not URI templates
	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> get(String path, String header, String value) {
		return this.client.get().uri(URI.create(path)).header(header, value).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipart(String path, Multipart form) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
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
