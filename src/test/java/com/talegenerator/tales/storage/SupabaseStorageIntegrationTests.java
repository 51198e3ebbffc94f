package com.talegenerator.tales.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code SUPABASE_URL} set and no JWT secret, audio goes to Supabase Storage (a
 * MockWebServer speaking its protocol), rows keep its public URL, and responses show URLs
 * Storage signed: one {@code POST /object/sign/tales} per response, none for what was
 * signed in the same window, {@code null} (and 200) while Storage cannot sign. The
 * service serves no files of its own.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupabaseStorageIntegrationTests extends IntegrationTestSupport {

	private static final String SERVICE_KEY = "service-role-jwt";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An MP3's first bytes: uploads are checked by them. */
	private static final byte[] MP3 = "ID3\u0004\u0000 some mp3 bytes".getBytes(StandardCharsets.ISO_8859_1);

	private static final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private static final List<RecordedRequest> bucketCalls = new CopyOnWriteArrayList<>();

	/** How Storage answers a signing call just now. */
	private static volatile Signing signing = Signing.ANSWERS;

	private static final MockWebServer supabase = startSupabase();

	@Autowired
	private ObjectStorage storage;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void supabaseStorage(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.supabase.url", () -> supabase.url("/").toString());
		registry.add("tales.storage.supabase.service-key", () -> SERVICE_KEY);
		registry.add("tales.storage.supabase.create-bucket", () -> "true");
		// a storage call that stalls this long has failed
		registry.add("tales.storage.supabase.read-write-timeout", () -> "1s");
		// windows of an hour: two reads of a test never straddle two windows
		registry.add("tales.storage.media.url-ttl", () -> "4h");
	}

	@Test
	@Order(1)
	void createsTheMissingBucketPrivateAtStart() {
		assertThat(this.storage.getClass().getSimpleName()).isEqualTo("SupabaseObjectStorage");
		assertThat(bucketCalls).extracting(RecordedRequest::getMethod, RecordedRequest::getTarget)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/storage/v1/bucket/tales"),
					org.assertj.core.groups.Tuple.tuple("POST", "/storage/v1/bucket"));
		// TALES_MEDIA_ACCESS is signed unless told otherwise
		assertThat(JSON.readTree(bucketCalls.get(1).getBody().utf8()))
			.isEqualTo(JSON.readTree("{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}"));
	}

	@Test
	@Order(2)
	void storesAudioInSupabaseAndShowsTheUrlStorageSigned() {
		String id = createStory("Cloud", null);
		requests.clear();

		EntityExchangeResult<String> uploaded = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "night.mp3", "audio/mpeg", MP3));

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		String path = "stories/" + id + "/night.mp3";
		String kept = this.jdbc.queryForObject("SELECT audio_file_url FROM tales.stories WHERE id = ?::uuid",
				String.class, id);
		assertThat(kept)
			.matches(Pattern.quote(supabase.url("/") + "storage/v1/object/public/tales/" + path) + "\\?v=[0-9a-z]+");
		String version = kept.substring(kept.indexOf("?v=") + 3);
		String audioFileUrl = jsonBody(uploaded).get("audioFileUrl").asString();
		assertThat(audioFileUrl).isEqualTo(supabase.url("/") + "storage/v1/object/sign/tales/" + path + "?token="
				+ SupabaseSignedUrlsTests.tokenSignedByStorage(path) + "&v=" + version);
		RecordedRequest upload = requests.get(0);
		assertThat(upload.getMethod()).isEqualTo("POST");
		assertThat(upload.getTarget()).isEqualTo("/storage/v1/object/tales/" + path);
		assertThat(upload.getHeaders().get("Authorization")).isEqualTo("Bearer " + SERVICE_KEY);
		assertThat(upload.getHeaders().get("apikey")).isEqualTo(SERVICE_KEY);
		assertThat(upload.getHeaders().get("Expect")).isEqualTo("100-continue");
		assertThat(upload.getBody().toByteArray()).isEqualTo(MP3);
		assertThat(requests).extracting(RecordedRequest::getTarget)
			.containsExactly("/storage/v1/object/tales/" + path, "/storage/v1/object/sign/tales");

		// the same window: the URL Storage signed, without asking it again
		assertThat(header(get("/stories/" + id + "/audio"), "Location")).hasValue(audioFileUrl);
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").asString()).isEqualTo(audioFileUrl);
		assertThat(requests).hasSize(2);
		assertThat(get("/storage/v1/object/public/tales/" + path).getStatus().value()).isEqualTo(404);
		assertThat(get("/storage/v1/object/sign/tales/" + path + "?token=x").getStatus().value()).isEqualTo(404);

		requests.clear();
		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);
		assertThat(requests).extracting(RecordedRequest::getTarget)
			.containsExactly("/storage/v1/object/list/tales", "/storage/v1/object/tales",
					"/storage/v1/object/list/tales");
		assertThat(requests.get(1).getBody().utf8()).isEqualTo("{\"prefixes\":[\"" + path + "\"]}");
	}

	@Test
	@Order(3)
	void signsTheUrlsOfAListPageInOneCallAndNotAgainInTheSameWindow() {
		String child = "Page " + UUID.randomUUID();
		String ours = createStory("Ours", child);
		String legacy = createStory("Legacy", child);
		String both = createStory("Both", child);
		String none = createStory("None", child);
		String oursPath = "stories/" + ours + "/story.mp3";
		String legacyPath = "stories/" + legacy + "/x.mp3";
		String bothAudio = "stories/" + both + "/story.mp3";
		String bothThumbnail = "stories/" + both + "/thumbnail.png";
		keep(ours, "audio_file_url", supabase.url("/") + "storage/v1/object/public/tales/" + oursPath + "?v=mk2x9a");
		// a row the original app wrote: its project's public URL, on another host
		keep(legacy, "audio_file_url",
				"https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/" + legacyPath + "?v=abc");
		keep(both, "audio_file_url", supabase.url("/") + "storage/v1/object/public/tales/" + bothAudio + "?v=1");
		keep(both, "thumbnail_url", supabase.url("/") + "storage/v1/object/public/tales/" + bothThumbnail + "?v=2");
		requests.clear();

		EntityExchangeResult<String> page = get("/stories?childName=" + child.replace(" ", "%20"));

		assertThat(page.getStatus().value()).isEqualTo(200);
		RecordedRequest signing = requests.get(0);
		assertThat(requests).hasSize(1);
		assertThat(signing.getMethod()).isEqualTo("POST");
		assertThat(signing.getTarget()).isEqualTo("/storage/v1/object/sign/tales");
		assertThat(signing.getHeaders().get("Authorization")).isEqualTo("Bearer " + SERVICE_KEY);
		assertThat(signing.getHeaders().get("apikey")).isEqualTo(SERVICE_KEY);
		assertThat(signing.getHeaders().get("Content-Type")).startsWith("application/json");
		JsonNode body = JSON.readTree(signing.getBody().utf8());
		assertThat(body.propertyNames()).containsExactly("expiresIn", "paths");
		// what is left of the window's 4 hours: 3 to 4
		assertThat(body.get("expiresIn").isIntegralNumber()).isTrue();
		assertThat(body.get("expiresIn").asLong()).isBetween(Duration.ofHours(3).toSeconds(),
				Duration.ofHours(4).toSeconds());
		assertThat(body.get("paths").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(oursPath,
				legacyPath, bothAudio, bothThumbnail);
		Map<String, JsonNode> stories = byId(jsonBody(page));
		assertThat(stories).containsOnlyKeys(ours, legacy, both, none);
		assertThat(stories.get(ours).get("audioFileUrl").asString()).isEqualTo(signed(oursPath, "mk2x9a"));
		assertThat(stories.get(legacy).get("audioFileUrl").asString()).isEqualTo(signed(legacyPath, "abc"));
		assertThat(stories.get(both).get("audioFileUrl").asString()).isEqualTo(signed(bothAudio, "1"));
		assertThat(stories.get(both).get("thumbnailUrl").asString()).isEqualTo(signed(bothThumbnail, "2"));
		assertThat(stories.get(none).get("audioFileUrl").isNull()).isTrue();

		// read again in the same window: no call, the same URLs
		assertThat(get("/stories?childName=" + child.replace(" ", "%20")).getResponseBody())
			.isEqualTo(page.getResponseBody());
		assertThat(jsonBody(get("/stories/" + both)).get("thumbnailUrl").asString())
			.isEqualTo(signed(bothThumbnail, "2"));
		JsonNode sparse = jsonBody(get("/stories?childName=" + child.replace(" ", "%20") + "&fields=id,audioFileUrl"));
		assertThat(byId(sparse).get(legacy).get("audioFileUrl").asString()).isEqualTo(signed(legacyPath, "abc"));
		assertThat(header(get("/stories/" + ours + "/audio"), "Location")).hasValue(signed(oursPath, "mk2x9a"));
		assertThat(requests).hasSize(1);
	}

	@Test
	@Order(4)
	void showsNullForAFileStorageDoesNotHaveAndRedirectsTo404() {
		String id = createStory("Gone", null);
		String path = "stories/" + id + "/gone.mp3";
		keep(id, "audio_file_url", supabase.url("/") + "storage/v1/object/public/tales/" + path + "?v=1");
		requests.clear();

		EntityExchangeResult<String> story = get("/stories/" + id);

		assertThat(story.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(story).get("audioFileUrl").isNull()).isTrue();
		assertThat(requests).hasSize(1);
		Problems.assertProblem(get("/stories/" + id + "/audio"), 404, "/stories/" + id + "/audio");
	}

	@Test
	@Order(5)
	void answers503WhenSupabaseTimesOutAndKeepsTheStory() {
		String id = createStory("Slow", null);

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "stall.mp3", "audio/mpeg", MP3));

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).isPresent();
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	@Order(6)
	void answers503WhenSupabaseFails() {
		String id = createStory("Down", null);

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "fail.mp3", "audio/mpeg", MP3));

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).isPresent();
		assertThat(response.getResponseBody()).doesNotContain(SERVICE_KEY).doesNotContainIgnoringCase("supabase");
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	@Order(7)
	void answers503WhenTheBucketRefusesTheTypeAndTellsTheOperatorWhatToChange(CapturedOutput output) {
		String id = createStory("Wav only", null);
		String before = get("/stories/" + id).getResponseBody();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "wav-only.mp3", "audio/mpeg", MP3));

		JsonNode problem = Problems.assertProblem(response, 503, "/stories/" + id + "/audio");
		assertThat(header(response, "Retry-After")).hasValue("5");
		assertThat(problem.get("detail").asString()).contains("type")
			.doesNotContain("mime type audio/mpeg is not supported")
			.doesNotContainIgnoringCase("supabase");
		assertThat(response.getResponseBody()).doesNotContain(SERVICE_KEY).doesNotContain("InvalidMimeType");
		assertThat(get("/stories/" + id).getResponseBody()).isEqualTo(before);
		assertThat(output.getOut()).containsPattern("ERROR .*POST /stories/" + id
				+ "/audio failed: .*mime type audio/mpeg is not supported.*allowed MIME types.*SUPABASE_STORAGE_BUCKET");
	}

	/** Last: each outage pauses signing for 5 s, which the tests before must not meet. */
	@Test
	@Order(8)
	void carriesTheRequestsTraceToStorageAndTimesEachCallByOperationAndOutcome() {
		String id = createStory("Traced", null);
		requests.clear();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		Multipart form = new Multipart().file("file", "traced.mp3", "audio/mpeg", MP3);

		EntityExchangeResult<String> uploaded = this.client.post()
			.uri(URI.create("/stories/" + id + "/audio"))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		assertThat(header(uploaded, "traceparent"))
			.hasValueSatisfying((traceparent) -> assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01"));
		RecordedRequest upload = requests.get(0);
		assertThat(upload.getTarget()).endsWith("/traced.mp3");
		// the same trace, with the storage call's own span as the parent Storage sees
		assertThat(upload.getHeaders().get("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
			.isNotEqualTo(header(uploaded, "traceparent").orElseThrow());
		assertThat(this.meters.get("tales.storage.requests")
			.tags("operation", "store", "outcome", "SUCCESS")
			.timer()
			.count()).isPositive();
		assertThat(this.meters.get("tales.storage.requests")
			.tags("operation", "create-bucket", "outcome", "SUCCESS")
			.timer()
			.count()).isOne();
		// the failures of the tests before: a refusal and an answer that never came
		assertThat(this.meters.get("tales.storage.requests")
			.tags("operation", "store", "outcome", "SERVER_ERROR")
			.timer()
			.count()).isPositive();
		assertThat(this.meters.get("tales.storage.requests")
			.tags("operation", "store", "outcome", "UNREACHABLE")
			.timer()
			.count()).isPositive();
	}

	@Test
	@Order(100)
	void showsNullUrlsWhileStorageCannotSignAndStopsAskingForAFewSeconds(CapturedOutput output)
			throws InterruptedException {
		String child = "Outage " + UUID.randomUUID();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String id = createStory("Outage " + i, child);
			keep(id, "audio_file_url",
					supabase.url("/") + "storage/v1/object/public/tales/stories/" + id + "/story.mp3?v=1");
			ids.add(id);
		}
		String list = "/stories?childName=" + child.replace(" ", "%20");
		for (Signing outage : new Signing[] { Signing.FAILS, Signing.STALLS, Signing.DROPS_THE_CONNECTION }) {
			signing = outage;
			requests.clear();

			long start = System.nanoTime();
			EntityExchangeResult<String> page = get(list);
			Duration waited = Duration.ofNanos(System.nanoTime() - start);

			assertThat(page.getStatus().value()).as(outage.name()).isEqualTo(200);
			assertThat(jsonBody(page).valueStream().map((story) -> story.get("audioFileUrl").isNull()))
				.containsOnly(true);
			// the signing call's 2 s deadline, not the 1 s read timeout times retries
			assertThat(waited).as(outage.name()).isLessThan(Duration.ofSeconds(4));
			int calls = requests.size();
			assertThat(calls).as(outage.name()).isBetween(1, 2);

			// within the 5 s pause: no call, null at once; a redirect has nowhere to go
			start = System.nanoTime();
			EntityExchangeResult<String> again = get(list);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(again.getStatus().value()).isEqualTo(200);
			assertThat(jsonBody(again).valueStream().map((story) -> story.get("audioFileUrl").isNull()))
				.containsOnly(true);
			EntityExchangeResult<String> one = get("/stories/" + ids.get(0));
			assertThat(jsonBody(one).get("audioFileUrl").isNull()).isTrue();
			// a copy with null URLs is not the copy with them: no 304 for it once Storage
			// is back
			assertThat(header(one, "ETag")).hasValueSatisfying((etag) -> assertThat(etag).endsWith(".unsigned\""));
			EntityExchangeResult<String> audio = get("/stories/" + ids.get(0) + "/audio");
			Problems.assertProblem(audio, 503, "/stories/" + ids.get(0) + "/audio");
			assertThat(header(audio, "Retry-After")).hasValue("5");
			assertThat(requests).hasSize(calls);

			signing = Signing.ANSWERS;
			Thread.sleep(SupabaseObjectStorage.SIGNING_PAUSE.toMillis() + 200);
		}

		// each outage was the one meant
		assertThat(output.getOut()).contains("sign 2 URLs: Supabase Storage answered HTTP 500")
			.containsPattern("sign 2 URLs: Supabase Storage could not be reached \\(\\w*(Timeout|InterruptedIO)")
			.containsPattern("sign 2 URLs: Supabase Storage could not be reached \\((?!\\w*(Timeout|InterruptedIO))");

		// Storage is back: the URLs are signed again, and the old copy is not confirmed
		requests.clear();
		EntityExchangeResult<String> back = get("/stories/" + ids.get(0));
		assertThat(jsonBody(back).get("audioFileUrl").asString())
			.isEqualTo(signed("stories/" + ids.get(0) + "/story.mp3", "1"));
		assertThat(header(back, "ETag")).hasValueSatisfying((etag) -> assertThat(etag).doesNotContain("unsigned"));
		assertThat(requests).hasSize(1);
	}

	/** How Storage answers a signing call. */
	enum Signing {

		ANSWERS, FAILS, STALLS, DROPS_THE_CONNECTION

	}

	private static String signed(String path, String version) {
		return supabase.url("/") + "storage/v1/object/sign/tales/" + path + "?token="
				+ SupabaseSignedUrlsTests.tokenSignedByStorage(path) + "&v=" + version;
	}

	private void keep(String storyId, String column, String url) {
		assertThat(this.jdbc.update("UPDATE tales.stories SET " + column + " = ? WHERE id = ?::uuid", url, storyId))
			.isOne();
	}

	private static Map<String, JsonNode> byId(JsonNode items) {
		Map<String, JsonNode> stories = new java.util.HashMap<>();
		items.forEach((story) -> stories.put(story.get("id").asString(), story));
		return stories;
	}

	private String createStory(String title, @Nullable String childName) {
		ObjectNode story = JSON.createObjectNode().put("title", title).put("content", "c").put("moral", "m");
		if (childName != null) {
			story.put("childName", childName);
		}
		return jsonBody(post("/stories", JSON.writeValueAsString(story))).get("id").asString();
	}

	/**
	 * Answers as Supabase Storage does: signing calls as {@link #signing} says, with
	 * Storage's error for an object named gone.mp3; an upload named fail.mp3 gets a 500,
	 * one named stall.mp3 no answer for longer than the client waits, one named
	 * wav-only.mp3 the refusal of a bucket that allows only audio/wav.
	 */
	private static MockWebServer startSupabase() {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {

			private boolean listed;

			/** Storage answers an upload's Expect: 100-continue before its body. */
			@Override
			public MockResponse peek() {
				return new MockResponse.Builder().add100Continue().build();
			}

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String target = request.getTarget();
				if (target.startsWith("/storage/v1/bucket")) {
					bucketCalls.add(request);
					return target.equals("/storage/v1/bucket/tales")
							? json(400,
									"{\"statusCode\":\"404\",\"error\":\"Bucket not found\","
											+ "\"message\":\"Bucket not found\",\"code\":\"NoSuchBucket\"}")
							: json(200, "{\"name\":\"tales\"}");
				}
				requests.add(request);
				if (target.equals("/storage/v1/object/sign/tales")) {
					return sign(request);
				}
				if (target.endsWith("/stall.mp3")) {
					return new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).code(200).body("{}").build();
				}
				if (target.endsWith("/wav-only.mp3")) {
					return json(400, "{\"statusCode\":\"415\",\"error\":\"invalid_mime_type\","
							+ "\"message\":\"mime type audio/mpeg is not supported\",\"code\":\"InvalidMimeType\"}");
				}
				if (target.endsWith("/fail.mp3")) {
					return json(500, "{\"statusCode\":\"500\",\"error\":\"internal\",\"message\":\"boom\"}");
				}
				if (target.startsWith("/storage/v1/object/list/")) {
					this.listed = !this.listed;
					return json(200, this.listed ? "[{\"name\":\"night.mp3\",\"id\":\"1\"}]" : "[]");
				}
				if (request.getMethod().equals("DELETE")) {
					return json(200, "[{\"name\":\"x\"}]");
				}
				return json(200, "{\"Key\":\"tales/x\",\"Id\":\"1\"}");
			}

			/** signObjectUrls: one entry per path, in order. */
			private MockResponse sign(RecordedRequest request) {
				switch (signing) {
					case FAILS:
						return json(500, "{\"statusCode\":\"500\",\"code\":\"InternalError\",\"error\":\"Internal\","
								+ "\"message\":\"Internal server error\"}");
					case STALLS:
						return new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS)
							.code(200)
							.body("[]")
							.build();
					case DROPS_THE_CONNECTION:
						// onRequestStart would be read from peek(), not from here
						return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
					default:
						break;
				}
				ArrayNode answer = JSON.createArrayNode();
				for (JsonNode path : JSON.readTree(request.getBody().utf8()).get("paths")) {
					String name = path.asString();
					ObjectNode entry = answer.addObject();
					if (name.endsWith("/gone.mp3")) {
						entry.put("error", "Either the object does not exist or you do not have access to it")
							.put("path", name)
							.putNull("signedURL");
					}
					else {
						entry.putNull("error")
							.put("path", name)
							.put("signedURL", "/object/sign/tales/" + name + "?token="
									+ SupabaseSignedUrlsTests.tokenSignedByStorage(name));
					}
				}
				return json(200, JSON.writeValueAsString(answer));
			}

		});
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
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

	private EntityExchangeResult<String> delete(String path) {
		return this.client.delete().uri(URI.create(path)).exchange().returnResult(String.class);
	}

}
