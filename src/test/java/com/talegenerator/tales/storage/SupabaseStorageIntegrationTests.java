package com.talegenerator.tales.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

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
 * With {@code SUPABASE_URL} set, audio goes to Supabase Storage (a MockWebServer speaking
 * its protocol) and the story points at the Supabase public URL; the service serves no
 * files of its own.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SupabaseStorageIntegrationTests extends IntegrationTestSupport {

	private static final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private static final MockWebServer supabase = startSupabase();

	@Autowired
	private ObjectStorage storage;

	@DynamicPropertySource
	static void supabaseStorage(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.supabase.url", () -> supabase.url("/").toString());
		registry.add("tales.storage.supabase.service-key", () -> "service-role-jwt");
		registry.add("tales.storage.supabase.create-bucket", () -> "true");
		// a storage call that stalls this long has failed
		registry.add("tales.storage.supabase.read-write-timeout", () -> "1s");
	}

	@Test
	void storesAudioInSupabaseAndPointsTheStoryAtItsPublicUrl() {
		assertThat(this.storage.getClass().getSimpleName()).isEqualTo("SupabaseObjectStorage");
		String id = jsonBody(post("/stories", "{\"title\":\"Cloud\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();
		requests.clear();

		EntityExchangeResult<String> uploaded = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "night.mp3", "audio/mpeg", MediaSamples.mp3("mp3 bytes")));

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		String publicUrl = supabase.url("/") + "storage/v1/object/public/tales/stories/" + id + "/night.mp3";
		String audioFileUrl = jsonBody(uploaded).get("audioFileUrl").asString();
		assertThat(audioFileUrl).matches(java.util.regex.Pattern.quote(publicUrl) + "\\?v=[0-9a-z]+");
		RecordedRequest upload = requests.get(0);
		assertThat(upload.getMethod()).isEqualTo("POST");
		assertThat(upload.getTarget()).isEqualTo("/storage/v1/object/tales/stories/" + id + "/night.mp3");
		assertThat(upload.getHeaders().get("Authorization")).isEqualTo("Bearer service-role-jwt");
		assertThat(upload.getHeaders().get("apikey")).isEqualTo("service-role-jwt");
		assertThat(upload.getHeaders().get("Expect")).isEqualTo("100-continue");
		assertThat(upload.getBody().toByteArray()).isEqualTo(MediaSamples.mp3("mp3 bytes"));
		assertThat(header(get("/stories/" + id + "/audio"), "Location")).hasValue(audioFileUrl);
		assertThat(get("/storage/v1/object/public/tales/stories/" + id + "/night.mp3").getStatus().value())
			.isEqualTo(404);

		requests.clear();
		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);
		assertThat(requests).extracting(RecordedRequest::getTarget)
			.containsExactly("/storage/v1/object/list/tales", "/storage/v1/object/tales",
					"/storage/v1/object/list/tales");
		assertThat(requests.get(1).getBody().utf8()).isEqualTo("{\"prefixes\":[\"stories/" + id + "/night.mp3\"]}");
	}

	@Test
	void answers503WhenSupabaseTimesOutAndKeepsTheStory() {
		String id = jsonBody(post("/stories", "{\"title\":\"Slow\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "stall.mp3", "audio/mpeg", MediaSamples.mp3(16)));

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).isPresent();
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void answers503WhenSupabaseFails() {
		String id = jsonBody(post("/stories", "{\"title\":\"Down\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "fail.mp3", "audio/mpeg", MediaSamples.mp3(16)));

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).isPresent();
		assertThat(response.getResponseBody()).doesNotContain("service-role-jwt")
			.doesNotContainIgnoringCase("supabase");
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void answers503WhenTheBucketRefusesTheTypeAndTellsTheOperatorWhatToChange(CapturedOutput output) {
		String id = jsonBody(post("/stories", "{\"title\":\"Wav only\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();
		String before = get("/stories/" + id).getResponseBody();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "wav-only.mp3", "audio/mpeg", MediaSamples.mp3(16)));

		JsonNode problem = Problems.assertProblem(response, 503, "/stories/" + id + "/audio");
		assertThat(header(response, "Retry-After")).hasValue("5");
		assertThat(problem.get("detail").asString()).contains("type")
			.doesNotContain("mime type audio/mpeg is not supported")
			.doesNotContainIgnoringCase("supabase");
		assertThat(response.getResponseBody()).doesNotContain("service-role-jwt").doesNotContain("InvalidMimeType");
		assertThat(get("/stories/" + id).getResponseBody()).isEqualTo(before);
		assertThat(output.getOut()).containsPattern("ERROR .*POST /stories/" + id
				+ "/audio failed: .*mime type audio/mpeg is not supported.*allowed MIME types.*SUPABASE_STORAGE_BUCKET");
	}

	/**
	 * Answers as Supabase Storage does; an object named fail.mp3 gets a 500, one named
	 * stall.mp3 no answer for longer than the client waits, one named wav-only.mp3 the
	 * refusal of a bucket that allows only audio/wav.
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
				requests.add(request);
				String target = request.getTarget();
				if (target.equals("/storage/v1/bucket/tales")) {
					return json(400, "{\"statusCode\":\"404\",\"error\":\"Bucket not found\","
							+ "\"message\":\"Bucket not found\",\"code\":\"NoSuchBucket\"}");
				}
				if (target.equals("/storage/v1/bucket")) {
					return json(200, "{\"name\":\"tales\"}");
				}
				if (target.endsWith("/stall.mp3")) {
					return new MockResponse.Builder().headersDelay(5, java.util.concurrent.TimeUnit.SECONDS)
						.code(200)
						.body("{}")
						.build();
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
