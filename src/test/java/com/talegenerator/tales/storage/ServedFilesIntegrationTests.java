package com.talegenerator.tales.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.RawHttp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files local storage serves at their public URLs: only objects of the bucket,
 * whatever encoding a path uses to climb out of it, and only as the audio they were
 * stored as. Traversal attempts go over a plain socket, since an HTTP client normalizes
 * or refuses most of them. Public URLs exist only with public media access, which this
 * class sets (signed access, the default, answers every public path with 404).
 */
@TestPropertySource(properties = "tales.storage.media.access=public")
class ServedFilesIntegrationTests extends IntegrationTestSupport {

	private static final String PUBLIC = "/storage/v1/object/public/tales/";

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@LocalServerPort
	private int port;

	private RawHttp raw;

	private String secret;

	private final List<Path> sentinels = new ArrayList<>();

	@BeforeEach
	void plantSentinels() throws Exception {
		this.raw = new RawHttp(this.port);
		this.secret = "sentinel-" + UUID.randomUUID();
		// beside the bucket, in the metadata folder, in another bucket and above the
		// storage root: every place a path that leaves the bucket could reach
		for (Path file : new Path[] { this.storageDirectory.resolve("secret.txt"),
				this.storageDirectory.resolve("passwd"), this.storageDirectory.resolve("other").resolve("secret.txt"),
				this.storageDirectory.resolve(".metadata").resolve("secret.txt"),
				this.storageDirectory.getParent().resolve(this.storageDirectory.getFileName() + "-secret.txt") }) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, this.secret);
			this.sentinels.add(file);
		}
	}

	@AfterEach
	void removeSentinels() throws Exception {
		for (Path file : this.sentinels) {
			Files.deleteIfExists(file);
		}
	}

	@Test
	void servesAStoredFileAsItsAudioTypeAndNeverSniffed() {
		String id = createStory();
		// Ogg's first bytes, so it is stored; a page after them
		byte[] audio = "OggS not really <html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
		String url = upload(id, "page.html", "audio/ogg", audio);

		URI target = URI.create(url);
		EntityExchangeResult<String> plain = get(url);
		var overTheSocket = this.raw.request("GET", target.getRawPath() + "?" + target.getRawQuery());
		EntityExchangeResult<String> forHtml = get(url, "Accept", "text/html");
		EntityExchangeResult<String> range = get(url, "Range", "bytes=0-9");

		for (EntityExchangeResult<String> response : List.of(plain, forHtml, range)) {
			assertServedAsAudio(response, response.getStatus().value(), (name) -> header(response, name));
		}
		assertServedAsAudio(overTheSocket, overTheSocket.status(), overTheSocket::header);
		assertThat(get(url).getResponseBody()).isEqualTo(new String(audio, StandardCharsets.UTF_8));
	}

	@Test
	void neverServesAFileOutsideTheBucket() {
		String id = createStory();
		upload(id, "kept.mp3", "audio/mpeg", MediaSamples.mp3("kept"));
		String story = "stories/" + id + "/";
		List<String> attempts = new ArrayList<>();
		for (String up : new String[] { "../", "..%2F", "..%2f", "%2e%2e/", "%2e%2e%2f", "%2E%2E%2F", ".%2e/", "%2e./",
				"..%5C", "..%5c", "..\\", "%2e%2e%5c", "%252e%252e%252f", "..%252f", "%c0%ae%c0%ae/",
				"%c0%ae%c0%ae%c0%af", "%e0%80%ae%e0%80%ae/", "..%c0%af", "..%c1%9c", "..;/", "..;x=y/", ".;/..;/",
				"..%00/", "..%01/", "%uff0e%uff0e/", "．．/", "....//", "..././", ".../" }) {
			for (int depth = 1; depth <= 4; depth++) {
				String climb = up.repeat(depth);
				attempts.add(PUBLIC + climb + "secret.txt");
				attempts.add(PUBLIC + story + climb + "secret.txt");
				attempts.add(PUBLIC + story + climb + "other/secret.txt");
				attempts.add(PUBLIC + story + climb + ".metadata/secret.txt");
				attempts.add(PUBLIC + story + climb + climb + this.storageDirectory.getFileName() + "-secret.txt");
			}
		}
		for (String absolute : new String[] { "/etc/passwd", "%2Fetc%2Fpasswd", "%2fetc/passwd", "//etc/passwd",
				"///etc/passwd", "%5Cetc%5Cpasswd", "file:///etc/passwd", "C:%5Cwindows", "%00/etc/passwd",
				this.storageDirectory.resolve("secret.txt").toString(),
				this.storageDirectory.resolve("secret.txt").toString().replace("/", "%2F") }) {
			attempts.add(PUBLIC + absolute);
			attempts.add(PUBLIC + story + absolute);
		}
		attempts.add("/storage/v1/object/public/other/secret.txt");
		attempts.add("/storage/v1/object/public/.metadata/secret.txt");
		attempts.add("/storage/v1/object/public/%2e%2e/secret.txt");
		attempts.add("/storage/v1/object/public/..%2Fsecret.txt");
		attempts.add(PUBLIC + story + "kept.mp3%00.txt");
		attempts.add(PUBLIC + story + "kept.mp3;.html");
		attempts.add(PUBLIC + ".metadata/tales/" + story + "kept.mp3");
		attempts.add(PUBLIC + story + "/kept.mp3");

		for (String target : attempts) {
			var response = this.raw.request("GET", target);
			assertThat(response.body()).as(target).doesNotContain(this.secret);
			assertThat(response.status()).as("%s: %s", target, response).isIn(400, 404);
			assertProblem(response);
		}
	}

	@Test
	void answersOddObjectPathsWithoutAServerError() {
		String[] paths = { "a".repeat(300), String.join("/", java.util.Collections.nCopies(30, "a".repeat(200))),
				"%E2%82%AC".repeat(100), "stories/" + UUID.randomUUID() + "/" + "b".repeat(256) + ".mp3", "x/", "x//y",
				".", "%2e", "~", "$HOME", "a%20b", "%ef%bf%bd", "%f0%9f%98%80" };
		for (String path : paths) {
			var response = this.raw.request("GET", PUBLIC + path);
			assertThat(response.status()).as("%s: %s", path, response).isIn(400, 404);
			assertProblem(response);
		}
	}

	@Test
	void aFailedUploadUnderTheCurrentNameLeavesTheStoryPlayable() {
		String id = createStory();
		String url = upload(id, "story.mp3", "audio/mpeg", MediaSamples.mp3("first"));

		// stored, then refused by the database (jsonb cannot hold \u0000)
		EntityExchangeResult<String> refused = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "story.mp3", "audio/mpeg", MediaSamples.mp3("second"))
					.field("metadata", "{\"\\u0000\":1}"));

		assertProblem(refused, 400, "/stories/" + id + "/audio");
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").asString()).isEqualTo(url);
		EntityExchangeResult<String> served = get(url);
		assertThat(served.getStatus().value()).isEqualTo(200);
		assertThat(header(served, "Content-Type")).hasValue("audio/mpeg");
	}

	private static void assertServedAsAudio(Object response, int status, Function<String, Optional<String>> header) {
		assertThat(status).as("%s", response).isIn(200, 206);
		assertThat(header.apply("Content-Type")).hasValue("audio/ogg");
		assertThat(header.apply("X-Content-Type-Options")).hasValue("nosniff");
		// Spring may add "inline;filename=f.txt" for a .html path (its RFD guard): fine
		assertThat(header.apply("Content-Disposition").orElse("inline")).startsWith("inline");
	}

	private String upload(String id, String fileName, String contentType, byte[] content) {
		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", fileName, contentType, content));
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		JsonNode story = jsonBody(response);
		return story.get("audioFileUrl").asString();
	}

	private String createStory() {
		EntityExchangeResult<String> response = this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Served " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}")
			.exchange()
			.returnResult(String.class);
		assertThat(response.getStatus().value()).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	// a URL as the service wrote it (already encoded), not a URI template
	private EntityExchangeResult<String> get(String url) {
		return this.client.get().uri(URI.create(url)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> get(String url, String header, String value) {
		return this.client.get().uri(URI.create(url)).header(header, value).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipart(String path, Multipart form) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

}
