package com.talegenerator.tales.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import com.talegenerator.tales.settings.InvalidSettingException;
import com.talegenerator.tales.storage.StorageException.Kind;
import com.talegenerator.tales.web.problem.StorageProblems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The adapter against a MockWebServer playing Supabase Storage, with the requests and
 * error replies described in SUPABASE-STORAGE.md.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseObjectStorageTests {

	private static final String KEY = "sb_secret_Zq8xT3vLkP0w-super-secret";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@StartStop
	private final MockWebServer server = new MockWebServer();

	private SupabaseObjectStorage storage;

	@BeforeEach
	void createStorage() {
		// an unexpected extra call gets a 404 at once instead of hanging the test
		QueueDispatcher dispatcher = new QueueDispatcher();
		dispatcher.setFailFast(true);
		this.server.setDispatcher(dispatcher);
		this.storage = storage(client(Duration.ofSeconds(5)));
	}

	// store

	@Test
	void uploadsWithUpsertAndAKnownLength() throws Exception {
		enqueue(200, "{\"Key\":\"tales/stories/abc/story.mp3\",\"Id\":\"6f1c\"}");
		byte[] audio = "ID3 some mp3 bytes".getBytes(StandardCharsets.UTF_8);

		var url = this.storage.store("stories/abc/story.mp3", new ByteArrayInputStream(audio), audio.length,
				"audio/mpeg");

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/object/tales/stories/abc/story.mp3");
		assertAuthorized(request);
		assertThat(request.getHeaders().get("x-upsert")).isEqualTo("true");
		assertThat(request.getHeaders().get("Content-Type")).isEqualTo("audio/mpeg");
		assertThat(request.getHeaders().get("Cache-Control")).isEqualTo("max-age=3600");
		assertThat(request.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(audio.length));
		assertThat(request.getHeaders().get("Transfer-Encoding")).isNull();
		assertThat(request.getHeaders().get("Expect")).isEqualTo("100-continue");
		assertThat(request.getBody().toByteArray()).isEqualTo(audio);
		assertThat(url.toString()).matches(java.util.regex.Pattern
			.quote(this.server.url("/") + "storage/v1/object/public/tales/stories/abc/story.mp3") + "\\?v=[0-9a-z]+");
	}

	@Test
	void learnsOfARefusalBeforeTheContentTravels() {
		// Storage refuses at once, without 100 Continue and without reading the body
		this.server.enqueue(new MockResponse.Builder().doNotReadRequestBody()
			.code(400)
			.setHeader("Content-Type", "application/json")
			.body(error("413", "EntityTooLarge", "Payload too large", "The object exceeded the maximum allowed size"))
			.build());
		InputStream untouched = new InputStream() {

			@Override
			public int read() {
				throw new AssertionError("the content was read");
			}

		};

		assertFailure(() -> this.storage.store("stories/abc/big.mp3", untouched, 60_000_000, "audio/mpeg"),
				Kind.TOO_LARGE);
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void givesEveryStoreOfAPathANewUrl() {
		java.util.Set<java.net.URI> urls = new java.util.HashSet<>();

		for (int i = 0; i < 20; i++) {
			enqueue(200, "{\"Key\":\"tales/stories/abc/story.mp3\",\"Id\":\"6f1c\"}");
			java.net.URI url = this.storage.store("stories/abc/story.mp3", new ByteArrayInputStream(new byte[1]), 1,
					"audio/mpeg");
			assertThat(url.getPath()).isEqualTo("/storage/v1/object/public/tales/stories/abc/story.mp3");
			urls.add(url);
		}

		// Supabase serves the public object whatever the query says
		assertThat(urls).hasSize(20);
		assertThat(this.storage.publicUrl("stories/abc/story.mp3").getQuery()).isNull();
	}

	@Test
	void readsOnlyTheDeclaredLength() throws Exception {
		enqueue(200, "{\"Key\":\"tales/a.mp3\"}");

		this.storage.store("a.mp3", new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)), 4,
				"audio/mpeg");

		RecordedRequest request = take();
		assertThat(request.getHeaders().get("Content-Length")).isEqualTo("4");
		assertThat(request.getBody().utf8()).isEqualTo("0123");
	}

	@Test
	void percentEncodesEachSegmentOfTheKey() throws Exception {
		enqueue(200, "{\"Key\":\"tales/stories/abc/my story (1).mp3\"}");

		var url = this.storage.store("stories/abc/my story (1).mp3", new ByteArrayInputStream(new byte[] { 1 }), 1,
				"audio/mpeg");

		assertThat(take().getTarget()).isEqualTo("/storage/v1/object/tales/stories/abc/my%20story%20(1).mp3");
		assertThat(url.getRawPath()).endsWith("/storage/v1/object/public/tales/stories/abc/my%20story%20(1).mp3");
		assertThat(url.getPath()).endsWith("/stories/abc/my story (1).mp3");
	}

	@Test
	void uploadsALargeStreamByteExact() throws Exception {
		enqueue(200, "{\"Key\":\"tales/stories/abc/big.mp3\"}");
		long length = DataSize.ofMegabytes(20).toBytes();
		GeneratedStream content = new GeneratedStream(length);

		this.storage.store("stories/abc/big.mp3", content, length, "audio/mpeg");

		RecordedRequest request = take();
		assertThat(request.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(length));
		assertThat(request.getHeaders().get("Transfer-Encoding")).isNull();
		assertThat(request.getBodySize()).isEqualTo(length);
		assertThat(request.getBody().sha256().hex()).isEqualTo(content.sha256());
	}

	@Test
	void failsWhenTheStreamEndsBeforeTheDeclaredLength() {
		enqueue(200, "{\"Key\":\"tales/a.mp3\"}");

		assertFailure(() -> this.storage.store("a.mp3", new ByteArrayInputStream(new byte[10]), 100, "audio/mpeg"),
				Kind.CONTENT_UNREADABLE)
			.withMessageContaining("10 of 100 bytes");
	}

	@Test
	void failsWhenTheStreamCannotBeRead() {
		enqueue(200, "{\"Key\":\"tales/a.mp3\"}");
		InputStream broken = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("client went away");
			}

		};

		assertFailure(() -> this.storage.store("a.mp3", broken, 100, "audio/mpeg"), Kind.CONTENT_UNREADABLE)
			.withMessageContaining("could not be read");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x.mp3", "stories/../x.mp3", "stories//x.mp3", "/stories/x.mp3", "stories/x/", "",
			"stories/./x.mp3" })
	void refusesPathsThatWouldReachAnotherObject(String path) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.storage.store(path, new ByteArrayInputStream(new byte[1]), 1, "audio/mpeg"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.publicUrl(path));
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.delete(path));
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.deletePrefix(path));
		assertThat(this.server.getRequestCount()).isZero();
	}

	// publicUrl

	@ParameterizedTest
	@ValueSource(strings = { "", "/" })
	void buildsPublicUrlsWithoutACall(String trailingSlash) {
		String projectUrl = "https://abc.supabase.co" + trailingSlash;
		SupabaseObjectStorage storage = new SupabaseObjectStorage(projectUrl, KEY, "tales",
				client(Duration.ofSeconds(1)), JSON, StorageProperties.MediaAccess.PUBLIC, null);

		assertThat(storage.publicUrl("stories/7d0e/Sleepy Bear (2).mp3"))
			.hasToString("https://abc.supabase.co/storage/v1/object/public/tales/stories/7d0e/Sleepy%20Bear%20(2).mp3");
		assertThat(this.server.getRequestCount()).isZero();
	}

	// delete

	// open

	@Test
	void readsAnObjectWithTheServiceKey() throws Exception {
		byte[] audio = "ID3 the bytes of a story".getBytes(StandardCharsets.UTF_8);
		this.server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "audio/mpeg")
			.body(new okio.Buffer().write(audio))
			.build());

		byte[] read;
		try (java.io.InputStream in = this.storage.open("stories/abc/my story.mp3")) {
			assertThat(in).isNotNull();
			read = in.readAllBytes();
		}

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/object/tales/stories/abc/my%20story.mp3");
		assertAuthorized(request);
		assertThat(read).isEqualTo(audio);
	}

	@Test
	void readsNothingForAMissingObject() {
		enqueue(400, error("404", "NoSuchKey", "not_found", "Object not found"));

		assertThat(this.storage.open("stories/abc/gone.mp3")).isNull();
	}

	@Test
	void reportsAFailedRead() {
		enqueue(503, "upstream unavailable");

		assertFailure(() -> this.storage.open("stories/abc/a.mp3"), Kind.UNAVAILABLE);
	}

	@Test
	void deletesOneObject() throws Exception {
		enqueue(200, "{\"message\":\"Successfully deleted\"}");

		this.storage.delete("stories/abc/my story.mp3");

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("DELETE");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/object/tales/stories/abc/my%20story.mp3");
		assertAuthorized(request);
		assertThat(request.getBodySize()).isZero();
	}

	@Test
	void treatsDeletingAMissingObjectAsDone() {
		enqueue(400, error("404", "NoSuchKey", "not_found", "Object not found"));

		this.storage.delete("stories/abc/gone.mp3");

		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void reportsAMissingBucketWhenDeleting() {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));

		assertFailure(() -> this.storage.delete("stories/abc/a.mp3"), Kind.BUCKET_MISSING);
	}

	// deletePrefix

	@Test
	void deletesEverythingListedBelowAPrefix() throws Exception {
		enqueue(200, listing("a.mp3", "cover.png"));
		enqueue(200, deletedRows(2));
		enqueue(200, "[]");

		this.storage.deletePrefix("stories/abc");

		RecordedRequest list = take();
		assertThat(list.getMethod()).isEqualTo("POST");
		assertThat(list.getTarget()).isEqualTo("/storage/v1/object/list/tales");
		assertAuthorized(list);
		assertThat(list.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(json(list)).isEqualTo(JSON.readTree("{\"prefix\":\"stories/abc\",\"limit\":1000,\"offset\":0}"));
		RecordedRequest delete = take();
		assertThat(delete.getMethod()).isEqualTo("DELETE");
		assertThat(delete.getTarget()).isEqualTo("/storage/v1/object/tales");
		assertAuthorized(delete);
		assertThat(delete.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(json(delete))
			.isEqualTo(JSON.readTree("{\"prefixes\":[\"stories/abc/a.mp3\",\"stories/abc/cover.png\"]}"));
		assertThat(json(take())).isEqualTo(json(list));
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void makesNoDeleteCallWhenNothingIsListed() throws Exception {
		enqueue(200, "[]");

		this.storage.deletePrefix("stories/abc");

		assertThat(take().getTarget()).isEqualTo("/storage/v1/object/list/tales");
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void pagesThroughMoreThanAThousandObjects() throws Exception {
		String[] first = IntStream.range(0, 1000).mapToObj((i) -> "part-" + i + ".mp3").toArray(String[]::new);
		enqueue(200, listing(first));
		enqueue(200, deletedRows(1000));
		enqueue(200, listing("part-1000.mp3", "part-1001.mp3"));
		enqueue(200, deletedRows(2));
		enqueue(200, "[]");

		this.storage.deletePrefix("stories/abc");

		take();
		JsonNode firstDelete = json(take()).path("prefixes");
		assertThat(firstDelete.size()).isEqualTo(1000);
		assertThat(firstDelete.get(0).asString()).isEqualTo("stories/abc/part-0.mp3");
		assertThat(firstDelete.get(999).asString()).isEqualTo("stories/abc/part-999.mp3");
		assertThat(json(take()).path("offset").asInt()).isZero();
		assertThat(json(take()))
			.isEqualTo(JSON.readTree("{\"prefixes\":[\"stories/abc/part-1000.mp3\",\"stories/abc/part-1001.mp3\"]}"));
		assertThat(take().getTarget()).isEqualTo("/storage/v1/object/list/tales");
		assertThat(this.server.getRequestCount()).isEqualTo(5);
	}

	@Test
	void emptiesFoldersBelowThePrefix() throws Exception {
		enqueue(200, "[{\"name\":\"images\",\"id\":null,\"metadata\":null}," + entry("a.mp3") + "]");
		enqueue(200, listing("p.png"));
		enqueue(200, deletedRows(1));
		enqueue(200, "[]");
		enqueue(200, deletedRows(1));
		enqueue(200, "[]");

		this.storage.deletePrefix("stories/abc");

		assertThat(json(take()).path("prefix").asString()).isEqualTo("stories/abc");
		assertThat(json(take()).path("prefix").asString()).isEqualTo("stories/abc/images");
		assertThat(json(take())).isEqualTo(JSON.readTree("{\"prefixes\":[\"stories/abc/images/p.png\"]}"));
		assertThat(json(take()).path("prefix").asString()).isEqualTo("stories/abc/images");
		assertThat(json(take())).isEqualTo(JSON.readTree("{\"prefixes\":[\"stories/abc/a.mp3\"]}"));
		assertThat(json(take()).path("prefix").asString()).isEqualTo("stories/abc");
		assertThat(this.server.getRequestCount()).isEqualTo(6);
	}

	@Test
	void stopsWhenListedObjectsAreNotDeleted() {
		enqueue(200, listing("a.mp3"));
		enqueue(200, "[]");

		assertFailure(() -> this.storage.deletePrefix("stories/abc"), Kind.UNAUTHORIZED)
			.withMessageContaining("SUPABASE_SERVICE_KEY");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void reportsAMissingBucketWhenListing() {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));

		assertFailure(() -> this.storage.deletePrefix("stories/abc"), Kind.BUCKET_MISSING);
	}

	// ensureBucket

	@Test
	void leavesAnExistingBucketAlone() throws Exception {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}");

		this.storage.ensureBucket();

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/bucket/tales");
		assertAuthorized(request);
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void createsAMissingBucketPublic() throws Exception {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));
		enqueue(200, "{\"name\":\"tales\"}");

		this.storage.ensureBucket();

		take();
		RecordedRequest create = take();
		assertThat(create.getMethod()).isEqualTo("POST");
		assertThat(create.getTarget()).isEqualTo("/storage/v1/bucket");
		assertAuthorized(create);
		assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(json(create)).isEqualTo(JSON.readTree("{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}"));
	}

	@Test
	void toleratesABucketCreatedMeanwhile() {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));
		enqueue(400, error("409", "BucketAlreadyExists", "Duplicate", "The resource already exists"));

		this.storage.ensureBucket();

		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void reportsABucketThatCannotBeCreated() {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));
		enqueue(400, error("403", "AccessDenied", "Unauthorized", "new row violates row-level security policy"));

		assertFailure(() -> this.storage.ensureBucket(), Kind.UNAUTHORIZED);
	}

	@Test
	void reportsARefusedKeyWhenLookingForTheBucket() {
		enqueue(400, error("403", "AccessDenied", "Unauthorized", "signature verification failed"));

		assertFailure(() -> this.storage.ensureBucket(), Kind.UNAUTHORIZED);
		assertThat(this.server.getRequestCount()).isOne();
	}

	// errors

	/**
	 * Every error Supabase Storage (or something in front of it) answers, with the body
	 * it sends: what the adapter makes of it, what the client gets, and the setting the
	 * log names when the service is misconfigured.
	 */
	static Stream<Arguments> storageErrors() {
		String json = "application/json; charset=utf-8";
		String html = "text/html";
		String key = "SUPABASE_SERVICE_KEY";
		String bucket = "SUPABASE_STORAGE_BUCKET";
		String url = "SUPABASE_URL";
		return Stream.of(
				arguments(400, json, error("409", "KeyAlreadyExists", "Duplicate", "The resource already exists"),
						Kind.UNAVAILABLE, 503, null),
				arguments(400, json, error("409", "BucketAlreadyExists", "Duplicate", "The resource already exists"),
						Kind.INCOMPATIBLE, 503, url),
				arguments(400, json, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"),
						Kind.BUCKET_MISSING, 503, bucket),
				arguments(400, json, error("404", "NoSuchKey", "not_found", "Object not found"), Kind.INCOMPATIBLE, 503,
						url),
				arguments(400, json, error("403", "AccessDenied", "Unauthorized", "signature verification failed"),
						Kind.UNAUTHORIZED, 503, key),
				arguments(400, json, error("403", "AccessDenied", "Unauthorized", "Invalid Compact JWS"),
						Kind.UNAUTHORIZED, 503, key),
				arguments(400, json,
						error("403", "AccessDenied", "Unauthorized", "\\\"exp\\\" claim timestamp check failed"),
						Kind.UNAUTHORIZED, 503, key),
				arguments(400, json,
						error("400", "InvalidRequest", "Error", "headers must have required property 'authorization'"),
						Kind.UNAUTHORIZED, 503, key),
				arguments(400, json,
						error("403", "AccessDenied", "Unauthorized", "new row violates row-level security policy"),
						Kind.UNAUTHORIZED, 503, key),
				arguments(400, json,
						error("413", "EntityTooLarge", "Payload too large",
								"The object exceeded the maximum allowed size"),
						Kind.TOO_LARGE, 413, "TALES_MAX_UPLOAD_SIZE"),
				// exactly as the real server answered a bucket limited to audio/wav
				arguments(400, json,
						"{\"statusCode\":\"415\",\"error\":\"invalid_mime_type\","
								+ "\"message\":\"mime type audio/mpeg is not supported\",\"code\":\"InvalidMimeType\"}",
						Kind.TYPE_REFUSED, 503, "allowed MIME types"),
				arguments(400, json, error("400", "InvalidKey", "InvalidKey", "Invalid key: stories/abc/a.mp3"),
						Kind.NAME_REFUSED, 400, null),
				arguments(400, json, error("400", "InvalidBucketName", "Invalid Input", "Bucket name invalid"),
						Kind.BUCKET_MISSING, 503, bucket),
				arguments(400, json,
						error("409", "ResourceNotEmpty", "ResourceNotEmpty",
								"The bucket you tried to delete is not empty"),
						Kind.INCOMPATIBLE, 503, url),
				arguments(400, json, error("400", "InvalidJWT", "InvalidJWT", "Invalid Compact JWS"), Kind.UNAUTHORIZED,
						503, key),
				arguments(400, json,
						error("400", "InvalidRequest", "Error", "body/prefixes must NOT have fewer than 1 items"),
						Kind.INCOMPATIBLE, 503, url),
				arguments(400, json, error("400", "TenantNotFound", "TenantNotFound", "Invalid tenant id"),
						Kind.INCOMPATIBLE, 503, url),
				// semantic 503s still come with HTTP 400
				arguments(400, json,
						error("503", "DatabaseConnectionLimit", "DatabaseConnectionLimit",
								"The database has reached its maximum number of connections"),
						Kind.UNAVAILABLE, 503, null),
				arguments(500, json, error("500", "InternalError", "Internal", "Internal server error"),
						Kind.UNAVAILABLE, 503, null),
				arguments(429, json, error("429", "SlowDown", "too_many_connections", "Too many connections"),
						Kind.UNAVAILABLE, 503, null),
				arguments(544, json,
						error("544", "DatabaseTimeout", "DatabaseTimeout", "The connection to the database timed out"),
						Kind.UNAVAILABLE, 503, null),
				arguments(416, json, error("416", "InvalidRange", "invalid_range", "invalid range provided"),
						Kind.INCOMPATIBLE, 503, url),
				// Fastify's own errors carry the real status and no code
				arguments(413, json,
						"{\"statusCode\":\"413\",\"error\":\"FastifyError\",\"message\":\"Request body is too large\"}",
						Kind.TOO_LARGE, 413, "TALES_MAX_UPLOAD_SIZE"),
				arguments(404, json,
						"{\"message\":\"Route POST:/object/tales/a.mp3 not found\",\"error\":\"Not Found\",\"statusCode\":404}",
						Kind.INCOMPATIBLE, 503, url),
				// the gateway's answer to a wrong apikey
				arguments(401, json,
						"{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}",
						Kind.UNAUTHORIZED, 503, key),
				// a proxy's pages: the status line is all there is
				arguments(502, html, "<html><body><h1>502 Bad Gateway</h1></body></html>", Kind.UNAVAILABLE, 503, null),
				arguments(504, html, "<html><body>Gateway Timeout</body></html>", Kind.UNAVAILABLE, 503, null),
				arguments(503, html, "", Kind.UNAVAILABLE, 503, null),
				arguments(404, html, "<html><body>Not Found</body></html>", Kind.INCOMPATIBLE, 503, url),
				arguments(413, html, "<html><body>413 Request Entity Too Large</body></html>", Kind.TOO_LARGE, 413,
						"TALES_MAX_UPLOAD_SIZE"),
				arguments(403, html, "<html><body>Forbidden</body></html>", Kind.UNAUTHORIZED, 503, key),
				arguments(401, html, "<html><body>401 Authorization Required</body></html>", Kind.UNAUTHORIZED, 503,
						key),
				arguments(301, html, "<html><body>Moved Permanently</body></html>", Kind.INCOMPATIBLE, 503, url));
	}

	@ParameterizedTest(name = "[{index}] HTTP {0} {2}")
	@MethodSource("storageErrors")
	void answersEveryStorageErrorWithAProblemThatSaysWhatToDo(int httpStatus, String contentType, String body,
			Kind kind, int clientStatus, @Nullable String setting) {
		this.server.enqueue(new MockResponse.Builder().add100Continue()
			.code(httpStatus)
			.setHeader("Content-Type", contentType)
			.body(body)
			.build());

		StorageException failure = catchThrowableOfType(StorageException.class,
				() -> this.storage.store("stories/abc/a.mp3", new ByteArrayInputStream(new byte[3]), 3, "audio/mpeg"));

		assertThat(failure).isNotNull();
		assertThat(failure.kind()).isEqualTo(kind);
		assertThat(failure.getMessage()).contains("store stories/abc/a.mp3")
			.contains(String.valueOf(httpStatus))
			.contains((setting != null) ? setting : "");
		ResponseEntity<ProblemDetail> response = StorageProblems.answer(failure,
				new MockHttpServletRequest("POST", "/stories/abc/audio"));
		assertThat(response.getStatusCode().value()).isEqualTo(clientStatus);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo((clientStatus == 503) ? "5" : null);
		ProblemDetail problem = response.getBody();
		assertThat(problem).isNotNull();
		assertThat(problem.getType()).hasToString("about:blank");
		assertThat(problem.getTitle()).isNotBlank();
		assertThat(problem.getStatus()).isEqualTo(clientStatus);
		assertThat(problem.getInstance()).hasToString("/stories/abc/audio");
		assertThat(problem.getDetail()).isNotBlank()
			.doesNotContain(KEY)
			.doesNotContainIgnoringCase("supabase")
			.doesNotContain(storageMessage(body))
			.doesNotContain("stories/abc/a.mp3");
	}

	@Test
	void tellsWhichTypeTheBucketRefusesAndWhereToAllowIt() {
		enqueue(400, "{\"statusCode\":\"415\",\"error\":\"invalid_mime_type\","
				+ "\"message\":\"mime type audio/mpeg is not supported\",\"code\":\"InvalidMimeType\"}");

		assertFailure(
				() -> this.storage.store("stories/abc/a.mp3", new ByteArrayInputStream(new byte[3]), 3, "audio/mpeg"),
				Kind.TYPE_REFUSED)
			.withMessageContaining("mime type audio/mpeg is not supported")
			.withMessageContaining("bucket 'tales'")
			.withMessageContaining("allowed MIME types in the Supabase dashboard")
			.withMessageContaining("SUPABASE_STORAGE_BUCKET");
	}

	@ParameterizedTest
	@MethodSource("operations")
	void reportsServerErrorsAsUnavailableForEveryOperation(String operation) {
		for (int status : new int[] { 500, 429, 544 }) {
			enqueue(status, error(String.valueOf(status), "InternalError", "Internal", "boom"));
			assertFailure(() -> run(operation), Kind.UNAVAILABLE);
		}
		this.server.enqueue(new MockResponse.Builder().add100Continue()
			.code(502)
			.setHeader("Content-Type", "text/html")
			.body("<html>Bad Gateway</html>")
			.build());
		assertFailure(() -> run(operation), Kind.UNAVAILABLE);
	}

	@ParameterizedTest
	@MethodSource("operations")
	void reportsADroppedConnectionAsUnavailable(String operation) {
		// twice: OkHttp may retry an idempotent call once, and an upload is sent once
		// more when the connection fails before its content is read
		for (int i = 0; i < 2; i++) {
			this.server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
		}

		assertFailure(() -> run(operation), Kind.UNAVAILABLE).withCauseInstanceOf(IOException.class);
	}

	@ParameterizedTest
	@MethodSource("operations")
	void reportsATimeoutAsUnavailable(String operation) {
		this.storage = storage(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300))
			.writeTimeout(Duration.ofMillis(300))
			.callTimeout(Duration.ofSeconds(5))
			.build());
		this.server
			.enqueue(new MockResponse.Builder().add100Continue().onResponseStart(SocketEffect.Stall.INSTANCE).build());

		long start = System.nanoTime();
		assertFailure(() -> run(operation), Kind.UNAVAILABLE)
			.satisfies((ex) -> assertThat(ex.getMessage()).containsIgnoringCase("timeout"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void reportsARefusedConnectionAsUnavailable() throws IOException {
		String url = this.server.url("/").toString();
		this.server.close();
		SupabaseObjectStorage storage = new SupabaseObjectStorage(url, KEY, "tales", client(Duration.ofSeconds(1)),
				JSON, StorageProperties.MediaAccess.PUBLIC, null);

		assertFailure(() -> storage.delete("a.mp3"), Kind.UNAVAILABLE);
	}

	@Test
	void neverPutsTheServiceKeyInAMessage() {
		enqueue(400, error("403", "AccessDenied", "Unauthorized", "bad token " + KEY));

		assertFailure(() -> this.storage.delete("a.mp3"), Kind.UNAUTHORIZED).withMessageContaining("[service key]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a type", "audio/mpeg; foo", "audio/mpeg ; charset=utf-8" })
	void refusesAContentTypeItCannotSend(String contentType) {
		// Spring's parser, which the controller uses, accepts the last two
		assertFailure(() -> this.storage.store("a.mp3", new ByteArrayInputStream(new byte[1]), 1, contentType),
				Kind.TYPE_INVALID);
		assertThat(this.server.getRequestCount()).isZero();
	}

	// factory

	@Test
	void looksTheBucketUpOnceAtStartWhenItIsNotToBeCreated(CapturedOutput output) throws Exception {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}");

		SupabaseObjectStorage storage = SupabaseStorageFactory.create(properties(projectUrl(), KEY, false), JSON);

		RecordedRequest request = take();
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getTarget()).isEqualTo("/storage/v1/bucket/tales");
		assertAuthorized(request);
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(storage.publicUrl("a.mp3")).hasToString(projectUrl() + "storage/v1/object/public/tales/a.mp3");
		assertThat(output.getOut()).doesNotContain("WARN").doesNotContain("ERROR");
	}

	static Stream<Arguments> refusedKeys() {
		return Stream.of(
				arguments(400, "application/json",
						error("403", "AccessDenied", "Unauthorized", "signature verification failed")),
				arguments(400, "application/json", error("400", "InvalidJWT", "InvalidJWT", "Invalid Compact JWS")),
				arguments(400, "application/json",
						error("400", "InvalidRequest", "Error", "headers must have required property 'authorization'")),
				arguments(401, "application/json", "{\"message\":\"Invalid API key\"}"),
				arguments(403, "text/html", "<html><body>Forbidden</body></html>"));
	}

	@ParameterizedTest
	@MethodSource("refusedKeys")
	void reportsARefusedKeyAtStartInOneErrorLineAndStartsAnyway(int status, String contentType, String body,
			CapturedOutput output) {
		this.server
			.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", contentType).body(body).build());

		SupabaseObjectStorage storage = SupabaseStorageFactory.create(properties(projectUrl(), KEY, false), JSON);

		assertThat(storage).isNotNull();
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(output.getOut().lines().filter((line) -> line.contains("SUPABASE_SERVICE_KEY")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("ERROR")
			.contains("start-up")
			.doesNotContain(KEY);
	}

	@Test
	void warnsAtStartWhenTheBucketIsMissing(CapturedOutput output) {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));

		SupabaseStorageFactory.create(properties(projectUrl(), KEY, false), JSON);

		// looked up, not created: creating it is SUPABASE_CREATE_BUCKET's to decide
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(output.getOut().lines().filter((line) -> line.contains("SUPABASE_STORAGE_BUCKET")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("SUPABASE_CREATE_BUCKET");
	}

	@Test
	void warnsAtStartWhenTheBucketIsNotPublicAndUrlsArePublic(CapturedOutput output) {
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");

		// these tests run with TALES_MEDIA_ACCESS=public; SupabaseSignedUrlsTests has
		// both
		SupabaseStorageFactory.create(properties(projectUrl(), KEY, false), JSON);

		assertThat(output.getOut()).containsPattern("WARN.*Bucket tales is private.*TALES_MEDIA_ACCESS=public");
	}

	@Test
	void startsWhenStorageCannotBeReachedAtStart(CapturedOutput output) throws IOException {
		String url = projectUrl();
		this.server.close();

		SupabaseObjectStorage storage = SupabaseStorageFactory.create(properties(url, KEY, false), JSON);

		assertThat(storage).isNotNull();
		assertThat(output.getOut()).containsPattern("WARN.*could not be reached at start-up").doesNotContain("ERROR");
	}

	@Test
	void createsTheBucketAtStartWhenAsked() throws Exception {
		enqueue(400, error("404", "NoSuchBucket", "Bucket not found", "Bucket not found"));
		enqueue(200, "{\"name\":\"tales\"}");

		SupabaseStorageFactory.create(properties(projectUrl(), KEY + "\n", true), JSON);

		assertThat(take().getTarget()).isEqualTo("/storage/v1/bucket/tales");
		RecordedRequest create = take();
		assertThat(create.getTarget()).isEqualTo("/storage/v1/bucket");
		// the trailing newline of an environment variable is not sent
		assertAuthorized(create);
	}

	@Test
	void failsAtStartWhenTheBucketIsMissingAndCannotBeCreated() {
		enqueue(400, error("403", "AccessDenied", "Unauthorized", "signature verification failed"));

		assertFailure(() -> SupabaseStorageFactory.create(properties(projectUrl(), KEY, true), JSON),
				Kind.UNAUTHORIZED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  " })
	void requiresTheServiceKeyWhenTheUrlIsSet(String key) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory.create(properties("https://abc.supabase.co", key, false), JSON))
			.withMessageContaining("SUPABASE_SERVICE_KEY")
			.withMessageNotContaining("\n");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory.create(properties("https://abc.supabase.co", null, false), JSON))
			.withMessageContaining("SUPABASE_SERVICE_KEY");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc.supabase.co", "ftp://abc.supabase.co", "https//abc.supabase.co", "" })
	void requiresAnHttpUrl(String url) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory.create(properties(url, KEY, false), JSON))
			.withMessageContaining("SUPABASE_URL")
			.withMessageNotContaining(KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "eyJhbGciOi JIUzI1NiJ9", "sb_secret_\u00e9t\u00e9" })
	void refusesAKeyNoHeaderCanCarryWithoutShowingIt(String key) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory.create(properties("https://abc.supabase.co", key, false), JSON))
			.withMessageContaining("SUPABASE_SERVICE_KEY")
			.withMessageNotContaining(key);
	}

	@Test
	void refusesAPublishableKey() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory
				.create(properties("https://abc.supabase.co", "sb_publishable_abc", false), JSON))
			.withMessageContaining("publishable");
	}

	@Test
	void refusesTheAnonKeyOfTheOriginalApp() {
		String anon = jwt("{\"iss\":\"supabase\",\"ref\":\"abc\",\"role\":\"anon\",\"iat\":1,\"exp\":2}");
		String serviceRole = jwt(
				"{\"iss\":\"supabase\",\"ref\":\"abc\",\"role\":\"service_role\",\"iat\":1,\"exp\":2}");

		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> SupabaseStorageFactory.create(properties("https://abc.supabase.co", anon, false), JSON))
			.withMessageContaining("anon key")
			.withMessageNotContaining(anon);
		enqueue(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":true}");
		assertThat(SupabaseStorageFactory.create(properties(projectUrl(), serviceRole, false), JSON)).isNotNull();
	}

	private static String jwt(String payload) {
		java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".signature";
	}

	@Test
	void buildsTheClientFromTheTimeouts() {
		OkHttpClient client = SupabaseStorageFactory
			.httpClient(new StorageProperties.Supabase("https://abc.supabase.co", KEY, null, false,
					Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofMinutes(7), Duration.ofSeconds(4)));

		assertThat(client.connectTimeoutMillis()).isEqualTo(3_000);
		assertThat(client.readTimeoutMillis()).isEqualTo(20_000);
		assertThat(client.writeTimeoutMillis()).isEqualTo(20_000);
		assertThat(client.callTimeoutMillis()).isEqualTo(420_000);
		assertThat(client.followRedirects()).isFalse();
	}

	@Test
	void closesIdleConnectionsAfterFourSecondsUnlessToldOtherwise() {
		StorageProperties defaults = new Binder(
				new MapConfigurationPropertySource(Map.of("tales.storage.supabase.url", "https://abc.supabase.co")))
			.bind("tales.storage", StorageProperties.class)
			.get();
		StorageProperties set = new Binder(
				new MapConfigurationPropertySource(Map.of("tales.storage.supabase.idle-connection-timeout", "1500ms")))
			.bind("tales.storage", StorageProperties.class)
			.get();

		// below the 5 s after which Node, and many proxies, close idle connections
		assertThat(defaults.supabase().idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(set.supabase().idleConnectionTimeout()).isEqualTo(Duration.ofMillis(1500));
	}

	// helpers

	static Stream<String> operations() {
		return Stream.of("store", "delete", "deletePrefix", "ensureBucket");
	}

	private void run(String operation) {
		switch (operation) {
			case "store" ->
				this.storage.store("stories/abc/a.mp3", new ByteArrayInputStream(new byte[3]), 3, "audio/mpeg");
			case "delete" -> this.storage.delete("stories/abc/a.mp3");
			case "deletePrefix" -> this.storage.deletePrefix("stories/abc");
			case "ensureBucket" -> this.storage.ensureBucket();
			default -> throw new IllegalArgumentException(operation);
		}
	}

	private SupabaseObjectStorage storage(OkHttpClient client) {
		return new SupabaseObjectStorage(projectUrl(), KEY, "tales", client, JSON, StorageProperties.MediaAccess.PUBLIC,
				null);
	}

	private String projectUrl() {
		return this.server.url("/").toString();
	}

	private static OkHttpClient client(Duration timeout) {
		return new OkHttpClient.Builder().connectTimeout(timeout)
			.readTimeout(timeout)
			.writeTimeout(timeout)
			.callTimeout(timeout.multipliedBy(4))
			.build();
	}

	private static StorageProperties properties(String url, String key, boolean createBucket) {
		return new StorageProperties("tales", DataSize.ofMegabytes(50), DataSize.ofMegabytes(5), Path.of("unused"),
				null, new StorageProperties.Media(StorageProperties.MediaAccess.PUBLIC, Duration.ofHours(1), null),
				new StorageProperties.Supabase(url, key, null, createBucket, Duration.ofSeconds(1),
						Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(4)));
	}

	/**
	 * A reply, after the {@code 100 Continue} that Storage sends an upload's
	 * {@code Expect: 100-continue} (other requests ignore it).
	 */
	private void enqueue(int status, String body) {
		this.server.enqueue(new MockResponse.Builder().add100Continue()
			.code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(body)
			.build());
	}

	private RecordedRequest take() throws InterruptedException {
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).as("a request").isNotNull();
		return request;
	}

	private static void assertAuthorized(RecordedRequest request) {
		assertThat(request.getHeaders().get("apikey")).isEqualTo(KEY);
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
	}

	private static ThrowableAssertAlternative<StorageException> assertFailure(ThrowingCallable call, Kind kind) {
		return assertThatExceptionOfType(StorageException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(kind))
			.withMessageNotContaining(KEY)
			.satisfies(noKeyInCauses());
	}

	private static Consumer<Throwable> noKeyInCauses() {
		return (ex) -> {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(KEY);
			}
		};
	}

	private static String error(String statusCode, String code, String error, String message) {
		return "{\"statusCode\":\"" + statusCode + "\",\"code\":\"" + code + "\",\"error\":\"" + error
				+ "\",\"message\":\"" + message + "\"}";
	}

	/** What Storage said, which must not reach the client. */
	private static String storageMessage(String body) {
		try {
			return JSON.readTree(body).path("message").asString("\u0000");
		}
		catch (tools.jackson.core.JacksonException ex) {
			return "\u0000";
		}
	}

	private static String entry(String name) {
		return "{\"name\":\"" + name + "\",\"id\":\"" + name.hashCode()
				+ "\",\"metadata\":{\"size\":3,\"mimetype\":\"audio/mpeg\"}}";
	}

	private static String listing(String... names) {
		return Stream.of(names)
			.map(SupabaseObjectStorageTests::entry)
			.reduce((a, b) -> a + "," + b)
			.map((entries) -> "[" + entries + "]")
			.orElse("[]");
	}

	private static String deletedRows(int count) {
		ArrayNode rows = JSON.createArrayNode();
		IntStream.range(0, count).forEach((i) -> rows.addObject().put("name", "row-" + i).put("bucket_id", "tales"));
		return JSON.writeValueAsString(rows);
	}

	private static JsonNode json(RecordedRequest request) {
		return JSON.readTree(request.getBody().utf8());
	}

	/** Bytes made up on the fly, so a large upload never exists as one array. */
	private static final class GeneratedStream extends InputStream {

		private final long length;

		private final MessageDigest digest;

		private long position;

		GeneratedStream(long length) throws NoSuchAlgorithmException {
			this.length = length;
			this.digest = MessageDigest.getInstance("SHA-256");
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int count) {
			if (this.position >= this.length) {
				return -1;
			}
			int n = (int) Math.min(count, this.length - this.position);
			for (int i = 0; i < n; i++) {
				long p = this.position + i;
				buffer[offset + i] = (byte) (p ^ (p >>> 8) ^ ((p >>> 16) * 7));
			}
			this.digest.update(buffer, offset, n);
			this.position += n;
			return n;
		}

		String sha256() {
			return HexFormat.of().formatHex(this.digest.digest());
		}

	}

}
