package com.talegenerator.tales.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.media.MediaExchanges;
import com.talegenerator.tales.media.Samples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.origin;
import static com.talegenerator.tales.media.MediaExchanges.assertSignedUrl;
import static com.talegenerator.tales.media.MediaExchanges.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local storage's signed URLs over real HTTP in the default signed mode (API.md, "Private
 * media"): the token is the credential, in Supabase's shape, for one object and one
 * lifetime; a missing, forged, tampered or moved token is a 403 problem, and the public
 * path of the same object is a 404. URLs are the same through a signing window (so a
 * story's ETag confirms a cached copy with 304), new for a replaced file, and made for
 * the public Supabase URLs of an adopted database too.
 */
class SignedFilesIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private MediaExchanges api;

	@BeforeEach
	void connect() {
		this.api = new MediaExchanges(this.client, this.storageDirectory);
	}

	@Test
	void signsATokenOfSupabasesShapeForOneObjectAndOneHour() {
		String id = this.api.createStory();
		String url = audioUrl(id, "night.mp3", Samples.mp3(1000));

		String[] parts = token(url).split("\\.");
		JsonNode header = decode(parts[0]);
		JsonNode claims = decode(parts[1]);

		assertThat(header.get("alg").asString()).isEqualTo("HS256");
		assertThat(header.get("typ").asString()).isEqualTo("JWT");
		assertThat(claims.propertyNames()).containsExactlyInAnyOrder("url", "scope", "iat", "exp");
		assertThat(claims.get("url").asString()).isEqualTo("tales/stories/" + id + "/night.mp3");
		assertThat(claims.get("scope").asString()).isEqualTo("download");
		// the default TALES_MEDIA_URL_TTL, from the start of the signing window
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
		assertThat(Instant.ofEpochSecond(claims.get("iat").asLong()))
			.isBetween(Instant.now().minus(Duration.ofMinutes(16)), Instant.now());
	}

	@Test
	void refusesADownloadWithoutAToken() {
		String id = this.api.createStory();
		String url = audioUrl(id, "story.mp3", Samples.mp3(500));
		String path = URI.create(url).getRawPath();

		JsonNode missing = Problems.assertProblem(this.api.get(path), 403, path);
		assertThat(missing.get("detail").asString()).contains("no token");
		Problems.assertProblem(this.api.get(path + "?token="), 403, path);
		Problems.assertProblem(this.api.get(path + "?v=" + version(url)), 403, path);
	}

	@Test
	void refusesATokenSignedWithAnotherKey() {
		String id = this.api.createStory();
		String url = audioUrl(id, "story.mp3", Samples.mp3(500));
		String path = URI.create(url).getRawPath();
		byte[] otherKey = new byte[32];
		new SecureRandom().nextBytes(otherKey);
		Instant now = Instant.now();
		// right in every claim, wrong in its key
		String forged = new SignedUrlToken(otherKey).signer()
			.sign("tales", "stories/" + id + "/story.mp3", now, now.plus(Duration.ofHours(1)));

		JsonNode refused = Problems.assertProblem(this.api.get(path + "?token=" + forged), 403, path);

		assertThat(refused.get("detail").asString()).contains("not valid");
		for (String garbage : new String[] { "abc", "a.b.c", "a.b", "...", "%00", "eyJ.eyJ.!!" }) {
			Problems.assertProblem(this.api.get(path + "?token=" + garbage), 403, path);
		}
	}

	@Test
	void refusesATamperedToken() {
		String id = this.api.createStory();
		String url = audioUrl(id, "story.mp3", Samples.mp3(500));
		String path = URI.create(url).getRawPath();
		String[] parts = token(url).split("\\.");
		ObjectNode later = (ObjectNode) decode(parts[1]);
		later.put("exp", later.get("exp").asLong() + 10L * 365 * 24 * 3600);
		ObjectNode elsewhere = (ObjectNode) decode(parts[1]);
		elsewhere.put("url", "tales/stories/" + id + "/other.mp3");
		ObjectNode unscoped = (ObjectNode) decode(parts[1]);
		unscoped.put("scope", "upload");

		for (ObjectNode claims : new ObjectNode[] { later, elsewhere, unscoped }) {
			// the claims changed, the signature kept
			String tampered = parts[0] + "." + encode(claims) + "." + parts[2];
			Problems.assertProblem(this.api.get(path + "?token=" + tampered), 403, path);
		}
		// the header claims no signature is needed
		String none = encode(JSON.createObjectNode().put("alg", "none").put("typ", "JWT")) + "." + parts[1] + "."
				+ parts[2];
		Problems.assertProblem(this.api.get(path + "?token=" + none), 403, path);
		assertThat(this.api.get(url).getStatus().value()).isEqualTo(200);
	}

	@Test
	void refusesATokenForAnotherObject() {
		String first = this.api.createStory();
		String second = this.api.createStory();
		String firstUrl = audioUrl(first, "story.mp3", Samples.mp3(500));
		String secondUrl = audioUrl(second, "story.mp3", Samples.mp3(600));
		String secondPath = URI.create(secondUrl).getRawPath();

		// the first story's valid token, moved onto the second story's file
		EntityExchangeResult<String> moved = this.api.get(secondPath + "?token=" + token(firstUrl));

		JsonNode refused = Problems.assertProblem(moved, 403, secondPath);
		assertThat(refused.get("detail").asString()).contains("another file");
		// nor into another bucket
		String otherBucket = secondPath.replace("/sign/tales/", "/sign/other/");
		Problems.assertProblem(this.api.get(otherBucket + "?token=" + token(secondUrl)), 403, otherBucket);
		assertThat(this.api.get(secondUrl).getStatus().value()).isEqualTo(200);
	}

	@Test
	void answers404OnThePublicPathOfAnObjectInSignedMode() {
		String id = this.api.createStory();
		String url = audioUrl(id, "story.mp3", Samples.mp3(500));
		String publicPath = "/storage/v1/object/public/tales/stories/" + id + "/story.mp3";

		EntityExchangeResult<String> response = this.api.get(publicPath + "?v=" + version(url));

		Problems.assertProblem(response, 404, publicPath);
		assertThat(response.getResponseBody()).doesNotContain("ID3");
		assertThat(this.api.get(url).getStatus().value()).isEqualTo(200);
	}

	@Test
	void givesAReplacedFileANewUrl() {
		String id = this.api.createStory();
		byte[] first = Samples.mp3(800);
		byte[] second = Samples.mp3(900);
		String firstUrl = audioUrl(id, "story.mp3", first);

		String secondUrl = audioUrl(id, "story.mp3", second);

		assertThat(secondUrl).isNotEqualTo(firstUrl);
		assertThat(version(secondUrl)).isNotEqualTo(version(firstUrl));
		assertThat(URI.create(secondUrl).getRawPath()).isEqualTo(URI.create(firstUrl).getRawPath());
		assertThat(this.api.get(secondUrl).getResponseBodyContent()).isEqualTo(second);
	}

	@Test
	void signsThePublicSupabaseUrlOfAnAdoptedRow() throws IOException {
		UUID id = this.jdbc.queryForObject("INSERT INTO tales.stories (title, content, moral) "
				+ "VALUES ('From Supabase', 'Once…', 'Keep.') RETURNING id", UUID.class);
		this.jdbc.update("UPDATE tales.stories SET audio_file_url = ? WHERE id = ?",
				"https://abc.supabase.co/storage/v1/object/public/tales/stories/" + id + "/old.mp3", id);
		// the file, copied over from the old bucket into local storage
		byte[] old = Samples.mp3(1200);
		write("tales/stories/" + id + "/old.mp3", old);
		write(".metadata/tales/stories/" + id + "/old.mp3", "audio/mpeg".getBytes(StandardCharsets.UTF_8));

		EntityExchangeResult<String> story = this.api.get("/stories/" + id);

		String url = jsonBody(story).get("audioFileUrl").asString();
		// no version was kept with it: the URL has none
		assertThat(url)
			.matches(Pattern.quote(origin(story) + "/storage/v1/object/sign/tales/stories/" + id + "/old.mp3?token=")
					+ "[A-Za-z0-9_.-]+");
		assertThat(decode(token(url).split("\\.")[1]).get("url").asString())
			.isEqualTo("tales/stories/" + id + "/old.mp3");
		assertThat(this.api.get(url).getResponseBodyContent()).isEqualTo(old);
		String location = header(this.api.get("/stories/" + id + "/audio"), "Location").orElseThrow();
		assertThat(URI.create(location).getPath())
			.isEqualTo("/storage/v1/object/sign/tales/stories/" + id + "/old.mp3");
	}

	@Test
	void keepsAStorysUrlAndETagThroughASigningWindow() {
		String id = this.api.createStory();
		audioUrl(id, "story.mp3", Samples.mp3(500));
		EntityExchangeResult<String> first;
		EntityExchangeResult<String> second;
		int tries = 0;
		do {
			// two reads may straddle the end of a window (every 15 minutes): read again
			first = this.api.get("/stories/" + id);
			second = this.api.get("/stories/" + id);
		}
		while (!header(first, "ETag").equals(header(second, "ETag")) && ++tries < 3);

		String etag = header(first, "ETag").orElseThrow();
		assertThat(header(second, "ETag")).hasValue(etag);
		String url = jsonBody(first).get("audioFileUrl").asString();
		assertThat(jsonBody(second).get("audioFileUrl").asString()).isEqualTo(url);
		// the tag names the version and the window the URL was signed in
		long issuedAt = decode(token(url).split("\\.")[1]).get("iat").asLong();
		assertThat(etag).endsWith("." + Long.toString(issuedAt, Character.MAX_RADIX) + "\"");
		EntityExchangeResult<String> cached = this.api.get("/stories/" + id, "If-None-Match", etag);
		assertThat(cached.getStatus().value()).isEqualTo(304);
		assertThat(cached.getResponseBody()).isNullOrEmpty();
	}

	@Test
	void servesASignedFileWithItsTypeLengthRangesAndConditionalRequests() {
		String id = this.api.createStory();
		byte[] ogg = Samples.file(Samples.OGG, 10_000);
		EntityExchangeResult<String> uploaded = this.api.upload("/stories/" + id + "/audio", "seek.ogg", "audio/ogg",
				ogg);
		String url = jsonBody(uploaded).get("audioFileUrl").asString();
		assertSignedUrl(url, origin(uploaded), "stories/" + id + "/seek.ogg");

		EntityExchangeResult<String> full = this.api.get(url);
		assertThat(full.getResponseBodyContent()).isEqualTo(ogg);
		assertThat(header(full, "Content-Type")).hasValue("audio/ogg");
		assertThat(header(full, "Content-Length")).hasValue("10000");
		assertThat(header(full, "Accept-Ranges")).hasValue("bytes");
		// a family's file: private caches only
		assertThat(header(full, "Cache-Control")).hasValueSatisfying((value) -> assertThat(value).contains("private"));
		EntityExchangeResult<String> range = this.api.get(url, "Range", "bytes=100-199");
		assertThat(range.getStatus().value()).isEqualTo(206);
		assertThat(header(range, "Content-Range")).hasValue("bytes 100-199/10000");
		assertThat(this.api.get(url, "If-None-Match", header(full, "ETag").orElseThrow()).getStatus().value())
			.isEqualTo(304);
		EntityExchangeResult<String> outside = this.api.get(url, "Range", "bytes=20000-");
		assertThat(outside.getStatus().value()).isEqualTo(416);
		assertThat(header(outside, "Content-Range")).hasValue("bytes */10000");
	}

	private String audioUrl(String storyId, String fileName, byte[] audio) {
		EntityExchangeResult<String> uploaded = this.api.upload("/stories/" + storyId + "/audio", fileName,
				"audio/mpeg", audio);
		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		String url = jsonBody(uploaded).get("audioFileUrl").asString();
		assertSignedUrl(url, origin(uploaded), "stories/" + storyId + "/" + fileName);
		return url;
	}

	private void write(String path, byte[] content) throws IOException {
		Path file = this.storageDirectory.resolve(path);
		Files.createDirectories(file.getParent());
		Files.write(file, content);
	}

	private static String version(String url) {
		String query = URI.create(url).getRawQuery();
		return query.substring(query.indexOf("v=") + 2);
	}

	private static JsonNode decode(String part) {
		return JSON.readTree(Base64.getUrlDecoder().decode(part));
	}

	private static String encode(JsonNode json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(json));
	}

}
