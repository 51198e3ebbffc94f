package com.talegenerator.tales.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.UriUtils;

import com.talegenerator.tales.storage.StorageException.Kind;
import com.talegenerator.tales.storage.StorageProperties.MediaAccess;
import com.talegenerator.tales.storage.SupabaseTokenCheck.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Signed URLs in Supabase mode, against a MockWebServer playing Storage: signed here with
 * the JWT secret (tokens Storage's own check accepts, and no call), or by Storage in one
 * {@code POST /object/sign/{bucket}} per response, kept for the window; and the start-up
 * checks of the bucket's publicity against the access mode.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseSignedUrlsTests {

	private static final String KEY = "sb_secret_Zq8xT3vLkP0w-super-secret";

	/** A project's JWT secret, as the dashboard shows it: the text is the key. */
	private static final String JWT_SECRET = "Vq1cZ3b0mH6gT2rW8kYx5sLp4nDe7fJa9uQiOtRyBw==";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String STORY = "stories/8f14e45f-ceea-467a-9b8c-4f3a2b1c0d9e/";

	private static final String NOT_FOUND = "Either the object does not exist or you do not have access to it";

	@StartStop
	private final MockWebServer server = new MockWebServer();

	@BeforeEach
	void failFast() {
		// an unexpected extra call gets a 404 at once instead of hanging the test
		QueueDispatcher dispatcher = new QueueDispatcher();
		dispatcher.setFailFast(true);
		this.server.setDispatcher(dispatcher);
	}

	// signed here, with the JWT secret

	@Test
	void signsWithTheJwtSecretTokensStorageAcceptsWithoutACall() {
		SupabaseObjectStorage storage = storage(JWT_SECRET);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		List<String> paths = List.of(STORY + "story.mp3", STORY + "my story (1).mp3", "heroes/7/portrait.png");

		Map<String, String> urls = storage.signedUrls(paths, window);

		assertThat(urls).containsOnlyKeys(paths);
		assertThat(URI.create(urls.get(STORY + "my story (1).mp3")).getRawPath())
			.isEqualTo("/storage/v1/object/sign/tales/" + STORY + "my%20story%20(1).mp3");
		for (String path : paths) {
			URI url = URI.create(urls.get(path));
			assertThat(url.toString()).startsWith(this.server.url("/") + "storage/v1/object/sign/tales/");
			assertThat(url.getRawQuery()).matches("token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
			// what Storage's GET /object/sign/:bucketName/* makes of this URL
			assertThat(objectNameOf(url)).isEqualTo(path);
			assertThat(SupabaseTokenCheck.verify(tokenOf(url), JWT_SECRET, "tales", objectNameOf(url), Instant.now()))
				.isEqualTo(Outcome.SERVED);
			assertThat(SupabaseTokenCheck.claims(tokenOf(url)).path("exp").asLong())
				.isEqualTo(window.expiresAt().getEpochSecond());
		}
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void signsTokensThatStorageRefusesForAnotherObjectAfterExpiryOrWithAnotherSecret() {
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		URI url = URI
			.create(storage(JWT_SECRET).signedUrls(List.of(STORY + "story.mp3"), window).get(STORY + "story.mp3"));
		String token = tokenOf(url);

		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "tales", STORY + "thumbnail.png", Instant.now()))
			.isEqualTo(Outcome.INVALID_SIGNATURE);
		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "other", STORY + "story.mp3", Instant.now()))
			.isEqualTo(Outcome.INVALID_SIGNATURE);
		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "tales", STORY + "story.mp3", window.expiresAt()))
			.isEqualTo(Outcome.INVALID_JWT);
		assertThat(SupabaseTokenCheck.verify(token, "another project's JWT secret", "tales", STORY + "story.mp3",
				Instant.now()))
			.isEqualTo(Outcome.INVALID_JWT);
	}

	@Test
	void givesTheSameUrlThroughAWindow() {
		SupabaseObjectStorage storage = storage(JWT_SECRET);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));

		assertThat(storage.signedUrls(List.of(STORY + "story.mp3"), window))
			.isEqualTo(storage.signedUrls(List.of(STORY + "story.mp3"), window));
	}

	// signed by Storage

	@Test
	void asksStorageToSignEveryPathOfAResponseInOneCall() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		List<String> paths = List.of(STORY + "story.mp3", STORY + "thumbnail.png", "heroes/7/portrait.png");
		enqueue(200, signedByStorage(paths, null));
		long expectedExpiresIn = window.expiresAt().getEpochSecond() - Instant.now().getEpochSecond();

		Map<String, String> urls = storage.signedUrls(paths, window);

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/object/sign/tales");
		assertThat(request.getHeaders().get("apikey")).isEqualTo(KEY);
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		JsonNode body = JSON.readTree(request.getBody().utf8());
		assertThat(body.propertyNames()).containsExactly("expiresIn", "paths");
		assertThat(body.path("paths")).isEqualTo(JSON.valueToTree(paths));
		// Storage counts the lifetime from now: what is left of the window's
		assertThat(body.path("expiresIn").isIntegralNumber()).isTrue();
		assertThat(body.path("expiresIn").asLong()).isBetween(expectedExpiresIn - 1, expectedExpiresIn)
			.isGreaterThanOrEqualTo(Duration.ofMinutes(45).toSeconds());
		assertThat(urls).containsOnlyKeys(paths);
		for (String path : paths) {
			assertThat(urls.get(path)).hasToString(this.server.url("/").toString() + "storage/v1/object/sign/tales/"
					+ path + "?token=" + tokenSignedByStorage(path));
		}
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void keepsWhatStorageSignedUntilTheWindowEnds() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		String audio = STORY + "story.mp3";
		String thumbnail = STORY + "thumbnail.png";
		enqueue(200, signedByStorage(List.of(audio), null));
		Map<String, String> first = storage.signedUrls(List.of(audio), window);

		enqueue(200, signedByStorage(List.of(thumbnail), null));
		Map<String, String> second = storage.signedUrls(List.of(audio, thumbnail), window);
		Map<String, String> third = storage.signedUrls(List.of(thumbnail, audio), window);

		// only the path not yet signed was asked for, and then none
		take();
		assertThat(JSON.readTree(take().getBody().utf8()).path("paths"))
			.isEqualTo(JSON.valueToTree(List.of(thumbnail)));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(second).containsEntry(audio, first.get(audio)).containsKey(thumbnail);
		assertThat(third).isEqualTo(second);

		// the next window's URLs are Storage's to sign again
		SigningWindow next = SigningWindow.at(window.endsAt(), Duration.ofHours(1));
		enqueue(200, signedByStorage(List.of(audio), null));
		storage.signedUrls(List.of(audio), next);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void leavesOutAnObjectStorageDoesNotSign() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		String audio = STORY + "story.mp3";
		String gone = STORY + "gone.mp3";
		enqueue(200, signedByStorage(List.of(audio, gone), gone));

		Map<String, String> urls = storage.signedUrls(List.of(audio, gone), window);

		assertThat(urls).containsOnlyKeys(audio);
		take();
		// not kept: it is asked for again, and found once it exists
		enqueue(200, signedByStorage(List.of(gone), null));
		assertThat(storage.signedUrls(List.of(audio, gone), window)).containsOnlyKeys(audio, gone);
		assertThat(JSON.readTree(take().getBody().utf8()).path("paths")).isEqualTo(JSON.valueToTree(List.of(gone)));
	}

	@Test
	void takesTheTokenOfAnyKeyStorageAllows() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		// Storage's VALID_OBJECT_KEY allows these, and writes its signedURL unencoded
		List<String> paths = List.of(STORY + "my story (1).mp3", STORY + "a?b=c&d.mp3", STORY + "x+y;z:@,$!*'.mp3");
		enqueue(200, signedByStorage(paths, null));

		Map<String, String> urls = storage.signedUrls(paths, window);

		assertThat(urls).containsOnlyKeys(paths);
		for (String path : paths) {
			assertThat(tokenOf(URI.create(urls.get(path)))).isEqualTo(tokenSignedByStorage(path));
			assertThat(objectNameOf(URI.create(urls.get(path)))).isEqualTo(path);
		}
	}

	@Test
	void asksInBatchesOfStoragesLimit() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		List<String> paths = IntStream.range(0, 1001).mapToObj((i) -> "stories/" + i + "/story.mp3").toList();
		enqueue(200, signedByStorage(paths.subList(0, 1000), null));
		enqueue(200, signedByStorage(paths.subList(1000, 1001), null));

		assertThat(storage.signedUrls(paths, window)).hasSize(1001);

		assertThat(JSON.readTree(take().getBody().utf8()).path("paths").size()).isEqualTo(1000);
		assertThat(JSON.readTree(take().getBody().utf8()).path("paths"))
			.isEqualTo(JSON.valueToTree(List.of("stories/1000/story.mp3")));
	}

	enum Outage {

		SERVER_ERROR, BAD_GATEWAY_PAGE, REFUSED_KEY, NOT_A_LIST, STALLS, DROPS_THE_CONNECTION

	}

	@ParameterizedTest
	@EnumSource(Outage.class)
	void failsAtOnceForAFewSecondsAfterStorageFailedToSign(Outage outage) throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		switch (outage) {
			case SERVER_ERROR -> enqueue(500,
					"{\"statusCode\":\"500\",\"code\":\"InternalError\",\"error\":\"Internal\",\"message\":\"boom\"}");
			case BAD_GATEWAY_PAGE -> this.server.enqueue(new MockResponse.Builder().code(502)
				.setHeader("Content-Type", "text/html")
				.body("<html>Bad Gateway</html>")
				.build());
			case REFUSED_KEY ->
				enqueue(400, "{\"statusCode\":\"403\",\"code\":\"AccessDenied\",\"error\":\"Unauthorized\","
						+ "\"message\":\"signature verification failed\"}");
			case NOT_A_LIST -> enqueue(200, "{\"message\":\"ok\"}");
			case STALLS ->
				this.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
			case DROPS_THE_CONNECTION -> {
				// OkHttp may send a request again once on a fresh connection
				for (int i = 0; i < 2; i++) {
					this.server
						.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
				}
			}
		}

		long start = System.nanoTime();
		StorageException failure = catchStorageException(() -> storage.signedUrls(List.of(STORY + "a.mp3"), window));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		int calls = this.server.getRequestCount();
		long secondStart = System.nanoTime();
		StorageException second = catchStorageException(() -> storage.signedUrls(List.of(STORY + "b.mp3"), window));

		assertThat(failure.kind()).isIn(Kind.UNAVAILABLE, Kind.UNAUTHORIZED);
		assertThat(failure.getMessage()).doesNotContain(KEY);
		// the call's deadline holds a response up for two seconds at most
		assertThat(waited).isLessThan(SupabaseObjectStorage.SIGNING_TIMEOUT.plusSeconds(1));
		assertThat(second.kind()).isEqualTo(Kind.UNAVAILABLE);
		assertThat(Duration.ofNanos(System.nanoTime() - secondStart)).isLessThan(Duration.ofMillis(200));
		assertThat(this.server.getRequestCount()).isEqualTo(calls);
	}

	@Test
	void asksAgainOnceThePauseIsOver() throws Exception {
		SupabaseObjectStorage storage = storage(null);
		SigningWindow window = SigningWindow.at(Instant.now(), Duration.ofHours(1));
		enqueue(500, "{\"statusCode\":\"500\",\"code\":\"InternalError\",\"error\":\"Internal\",\"message\":\"x\"}");
		catchStorageException(() -> storage.signedUrls(List.of(STORY + "a.mp3"), window));
		enqueue(200, signedByStorage(List.of(STORY + "a.mp3"), null));

		Thread.sleep(SupabaseObjectStorage.SIGNING_PAUSE.toMillis() + 100);

		assertThat(storage.signedUrls(List.of(STORY + "a.mp3"), window)).containsKey(STORY + "a.mp3");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void keepsSigningWithTheSecretWhileStorageIsDown() throws IOException {
		String url = this.server.url("/").toString();
		this.server.close();
		SupabaseObjectStorage storage = new SupabaseObjectStorage(url, KEY, "tales", client(), JSON, MediaAccess.SIGNED,
				JWT_SECRET);

		assertThat(storage.signedUrls(List.of(STORY + "a.mp3"), SigningWindow.at(Instant.now(), Duration.ofHours(1))))
			.containsKey(STORY + "a.mp3");
	}

	// start-up

	@Test
	void warnsAtStartOfAPublicBucketWhenUrlsAreSigned(CapturedOutput output) {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}");

		SupabaseStorageFactory.create(properties(MediaAccess.SIGNED, false), JSON);

		assertThat(output.getOut().lines().filter((line) -> line.contains("TALES_MEDIA_ACCESS")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("Bucket tales is public")
			.contains("Edit bucket")
			.contains("turn off Public bucket");
	}

	@Test
	void warnsAtStartOfAPrivateBucketWhenUrlsArePublic(CapturedOutput output) {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");

		SupabaseStorageFactory.create(properties(MediaAccess.PUBLIC, false), JSON);

		assertThat(output.getOut().lines().filter((line) -> line.contains("TALES_MEDIA_ACCESS")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("Bucket tales is private")
			.contains("TALES_MEDIA_ACCESS=signed");
	}

	@ParameterizedTest
	@EnumSource(MediaAccess.class)
	void saysNothingWhenTheBucketMatchesTheAccess(MediaAccess access, CapturedOutput output) {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":" + (access == MediaAccess.PUBLIC) + "}");

		SupabaseStorageFactory.create(properties(access, false), JSON);

		assertThat(output.getOut()).doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void warnsOfAPublicBucketAlsoWhenItIsToBeCreatedButExists(CapturedOutput output) {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}");

		SupabaseStorageFactory.create(properties(MediaAccess.SIGNED, true), JSON);

		assertThat(this.server.getRequestCount()).isOne();
		assertThat(output.getOut()).containsPattern("WARN.*Bucket tales is public.*TALES_MEDIA_ACCESS");
	}

	@ParameterizedTest
	@EnumSource(MediaAccess.class)
	void createsTheBucketPrivateForSignedUrlsAndPublicForPublicOnes(MediaAccess access, CapturedOutput output)
			throws Exception {
		enqueue(400, "{\"statusCode\":\"404\",\"code\":\"NoSuchBucket\",\"error\":\"Bucket not found\","
				+ "\"message\":\"Bucket not found\"}");
		enqueue(200, "{\"name\":\"tales\"}");

		SupabaseStorageFactory.create(properties(access, true), JSON);

		assertThat(take().getTarget()).isEqualTo("/storage/v1/bucket/tales");
		RecordedRequest create = take();
		assertThat(create.getMethod()).isEqualTo("POST");
		assertThat(create.getTarget()).isEqualTo("/storage/v1/bucket");
		assertThat(create.getHeaders().get("apikey")).isEqualTo(KEY);
		assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(JSON.readTree(create.getBody().utf8())).isEqualTo(JSON
			.readTree("{\"id\":\"tales\",\"name\":\"tales\",\"public\":" + (access == MediaAccess.PUBLIC) + "}"));
		assertThat(output.getOut())
			.contains("Created the " + ((access == MediaAccess.PUBLIC) ? "public" : "private") + " bucket tales");
	}

	@Test
	void asksStorageAtStartWhetherItAcceptsTheSecretsTokens(CapturedOutput output) throws Exception {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");
		enqueue(400, "{\"statusCode\":\"404\",\"code\":\"NoSuchKey\",\"error\":\"not_found\","
				+ "\"message\":\"Object not found\"}");

		SupabaseObjectStorage storage = SupabaseStorageFactory.create(properties(MediaAccess.SIGNED, false, JWT_SECRET),
				JSON);

		assertThat(take().getTarget()).isEqualTo("/storage/v1/bucket/tales");
		RecordedRequest probe = take();
		assertThat(probe.getMethod()).isEqualTo("GET");
		URI probed = URI.create(this.server.url("/") + probe.getTarget().substring(1));
		assertThat(objectNameOf(probed)).isEqualTo(".tales/url-signing-check");
		// Storage checks the token before it looks for the object: NoSuchKey says the
		// secret is the one
		assertThat(SupabaseTokenCheck.verify(tokenOf(probed), JWT_SECRET, "tales", objectNameOf(probed), Instant.now()))
			.isEqualTo(Outcome.SERVED);
		// a public route: the service key stays home
		assertThat(probe.getHeaders().get("apikey")).isNull();
		assertThat(probe.getHeaders().get("Authorization")).isNull();
		storage.signedUrls(List.of(STORY + "a.mp3"), SigningWindow.at(Instant.now(), Duration.ofHours(1)));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(output.getOut()).doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void letsStorageSignWhenItRefusesTheSecretsTokens(CapturedOutput output) throws Exception {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");
		enqueue(400, "{\"statusCode\":\"400\",\"code\":\"InvalidJWT\",\"error\":\"InvalidJWT\","
				+ "\"message\":\"signature verification failed\"}");
		String wrongSecret = "the secret of another project, 40 chars!";

		SupabaseObjectStorage storage = SupabaseStorageFactory
			.create(properties(MediaAccess.SIGNED, false, wrongSecret), JSON);

		assertThat(output.getOut().lines().filter((line) -> line.contains("SUPABASE_JWT_SECRET")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("ERROR")
			.contains("signature verification failed")
			.contains("JWT Keys")
			.doesNotContain(wrongSecret);
		take();
		take();
		enqueue(200, signedByStorage(List.of(STORY + "a.mp3"), null));
		Map<String, String> urls = storage.signedUrls(List.of(STORY + "a.mp3"),
				SigningWindow.at(Instant.now(), Duration.ofHours(1)));
		assertThat(take().getTarget()).isEqualTo("/storage/v1/object/sign/tales");
		assertThat(tokenOf(URI.create(urls.get(STORY + "a.mp3")))).isEqualTo(tokenSignedByStorage(STORY + "a.mp3"));
	}

	@Test
	void keepsSigningWithTheSecretWhenStorageCannotBeAskedAtStart(CapturedOutput output) throws IOException {
		StorageProperties properties = properties(MediaAccess.SIGNED, false, JWT_SECRET);
		this.server.close();

		SupabaseObjectStorage storage = SupabaseStorageFactory.create(properties, JSON);

		assertThat(output.getOut())
			.containsPattern("WARN.*could not be reached at start-up to check SUPABASE_JWT_SECRET")
			.doesNotContain("ERROR")
			.doesNotContain(JWT_SECRET);
		assertThat(storage.signedUrls(List.of(STORY + "a.mp3"), SigningWindow.at(Instant.now(), Duration.ofHours(1))))
			.containsKey(STORY + "a.mp3");
	}

	@Test
	void asksNothingMoreAtStartWithoutASecret() {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");

		SupabaseStorageFactory.create(properties(MediaAccess.SIGNED, false), JSON);

		assertThat(this.server.getRequestCount()).isOne();
	}

	// helpers

	private SupabaseObjectStorage storage(@Nullable String jwtSecret) {
		return new SupabaseObjectStorage(this.server.url("/").toString(), KEY, "tales", client(), JSON,
				MediaAccess.SIGNED, jwtSecret);
	}

	private static OkHttpClient client() {
		return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
			.readTimeout(Duration.ofSeconds(5))
			.callTimeout(Duration.ofSeconds(20))
			.build();
	}

	private StorageProperties properties(MediaAccess access, boolean createBucket) {
		return properties(access, createBucket, null);
	}

	private StorageProperties properties(MediaAccess access, boolean createBucket, @Nullable String jwtSecret) {
		return new StorageProperties("tales", DataSize.ofMegabytes(50), DataSize.ofMegabytes(5), Path.of("unused"),
				null, new StorageProperties.Media(access, Duration.ofHours(1), null),
				new StorageProperties.Supabase(this.server.url("/").toString(), KEY, jwtSecret, createBucket,
						Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(4)));
	}

	/**
	 * What {@code signObjectUrls} answers: one entry per path, in order, the one named
	 * {@code missing} with Storage's error and no URL.
	 */
	static String signedByStorage(List<String> paths, @Nullable String missing) {
		ArrayNode answer = JSON.createArrayNode();
		for (String path : paths) {
			ObjectNode entry = answer.addObject();
			if (path.equals(missing)) {
				entry.put("error", NOT_FOUND).put("path", path).putNull("signedURL");
			}
			else {
				entry.putNull("error")
					.put("path", path)
					.put("signedURL", "/object/sign/tales/" + path + "?token=" + tokenSignedByStorage(path));
			}
		}
		return JSON.writeValueAsString(answer);
	}

	/** A token as Storage signs it for {@code tales/path}: only the path matters here. */
	static String tokenSignedByStorage(String path) {
		return SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}",
				"{\"url\":\"tales/" + path.replace("\"", "\\\"") + "\",\"scope\":\"download\",\"iat\":1,\"exp\":2}",
				"storage's own url signing key");
	}

	/** The token of a signed URL. */
	static String tokenOf(URI signedUrl) {
		String query = signedUrl.getRawQuery();
		assertThat(query).startsWith("token=");
		return UriUtils.decode(query.substring("token=".length()), StandardCharsets.UTF_8);
	}

	/**
	 * The object a signed URL names, as Storage's route sees it: the {@code *} after
	 * {@code /object/sign/tales/}, percent-decoded (Fastify decodes route parameters).
	 */
	static String objectNameOf(URI signedUrl) {
		String prefix = "/storage/v1/object/sign/tales/";
		assertThat(signedUrl.getRawPath()).startsWith(prefix);
		return UriUtils.decode(signedUrl.getRawPath().substring(prefix.length()), StandardCharsets.UTF_8);
	}

	private void enqueue(int status, String body) {
		this.server.enqueue(new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(body)
			.build());
	}

	private RecordedRequest take() throws InterruptedException {
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).as("a request").isNotNull();
		return request;
	}

	private static StorageException catchStorageException(Runnable call) {
		List<StorageException> caught = new ArrayList<>();
		assertThatExceptionOfType(StorageException.class).isThrownBy(call::run).satisfies(caught::add);
		return caught.get(0);
	}

}
