package com.talegenerator.tales.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import com.talegenerator.tales.storage.SupabaseTokenCheck.Outcome;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code SUPABASE_JWT_SECRET} set, the service signs media URLs itself, in the shape
 * and with the key Supabase Storage checks them with: reading stories, lists of them and
 * redirects to their audio costs no call to Storage.
 */
@DirtiesContext
class SupabaseJwtSecretIntegrationTests extends IntegrationTestSupport {

	private static final String JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

	private static final byte[] MP3 = "ID3\u0004\u0000 some mp3 bytes".getBytes(StandardCharsets.ISO_8859_1);

	private static final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	/** The start-up checks of the secret, and what they were answered. */
	private static final List<String> probes = new CopyOnWriteArrayList<>();

	private static final MockWebServer supabase = startSupabase();

	@DynamicPropertySource
	static void supabaseStorage(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.supabase.url", () -> supabase.url("/").toString());
		registry.add("tales.storage.supabase.service-key", () -> "service-role-jwt");
		// as an environment variable often comes: with a newline
		registry.add("tales.storage.supabase.jwt-secret", () -> JWT_SECRET + "\n");
	}

	@Test
	void checkedAtStartThatStorageAcceptsTheSecretsTokens() {
		assertThat(probes).containsExactly("/storage/v1/object/sign/tales/.tales/url-signing-check NoSuchKey");
	}

	@Test
	void signsUrlsStorageAcceptsWithoutAskingIt() {
		String child = "Signed " + UUID.randomUUID();
		String id = createStory("Night", child);
		String legacy = createStory("Legacy", child);
		assertThat(
				postMultipart("/stories/" + id + "/audio", new Multipart().file("file", "night.mp3", "audio/mpeg", MP3))
					.getStatus()
					.value())
			.isEqualTo(200);
		this.jdbc.update("UPDATE tales.stories SET audio_file_url = ? WHERE id = ?::uuid",
				"https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/" + legacy
						+ "/my%20story%20(1).mp3?v=abc",
				legacy);
		requests.clear();

		String audioFileUrl = jsonBody(get("/stories/" + id)).get("audioFileUrl").asString();
		JsonNode page = jsonBody(get("/stories?childName=" + child.replace(" ", "%20")));
		EntityExchangeResult<String> redirect = get("/stories/" + id + "/audio");

		assertThat(requests).isEmpty();
		URI url = URI.create(audioFileUrl);
		assertThat(audioFileUrl)
			.startsWith(supabase.url("/") + "storage/v1/object/sign/tales/stories/" + id + "/night.mp3?token=");
		assertThat(url.getRawQuery()).matches("token=[A-Za-z0-9_.-]+&v=[0-9a-z]+");
		String objectName = SupabaseSignedUrlsTests.objectNameOf(url);
		String token = token(url);
		assertThat(objectName).isEqualTo("stories/" + id + "/night.mp3");
		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "tales", objectName, Instant.now()))
			.isEqualTo(Outcome.SERVED);
		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "tales", "stories/" + legacy + "/night.mp3",
				Instant.now()))
			.isEqualTo(Outcome.INVALID_SIGNATURE);
		assertThat(SupabaseTokenCheck.verify(token, "another project's secret", "tales", objectName, Instant.now()))
			.isEqualTo(Outcome.INVALID_JWT);
		long exp = SupabaseTokenCheck.claims(token).get("exp").asLong();
		assertThat(SupabaseTokenCheck.verify(token, JWT_SECRET, "tales", objectName, Instant.ofEpochSecond(exp)))
			.isEqualTo(Outcome.INVALID_JWT);
		// a URL handed out now is valid for at least 3/4 of TALES_MEDIA_URL_TTL (1 h)
		assertThat(exp - Instant.now().getEpochSecond()).isBetween(45 * 60L, 60 * 60L);

		// the list and the redirect show the same URL; the legacy row's object is signed
		// at this project's URL, for its decoded path
		assertThat(header(redirect, "Location")).hasValue(audioFileUrl);
		JsonNode legacyStory = null;
		for (JsonNode story : page) {
			if (story.get("id").asString().equals(id)) {
				assertThat(story.get("audioFileUrl").asString()).isEqualTo(audioFileUrl);
			}
			else {
				legacyStory = story;
			}
		}
		assertThat(legacyStory).isNotNull();
		URI legacyUrl = URI.create(legacyStory.get("audioFileUrl").asString());
		assertThat(legacyUrl.getRawPath())
			.isEqualTo("/storage/v1/object/sign/tales/stories/" + legacy + "/my%20story%20(1).mp3");
		assertThat(legacyUrl.getRawQuery()).endsWith("&v=abc");
		assertThat(SupabaseTokenCheck.verify(token(legacyUrl), JWT_SECRET, "tales",
				SupabaseSignedUrlsTests.objectNameOf(legacyUrl), Instant.now()))
			.isEqualTo(Outcome.SERVED);
		assertThat(SupabaseSignedUrlsTests.objectNameOf(legacyUrl))
			.isEqualTo("stories/" + legacy + "/my story (1).mp3");
	}

	/** The token of a signed URL that also carries the version. */
	private static String token(URI signedUrl) {
		String query = signedUrl.getRawQuery();
		return query.substring("token=".length(), query.indexOf("&v="));
	}

	private String createStory(String title, String childName) {
		return jsonBody(post("/stories",
				"{\"title\":\"" + title + "\",\"content\":\"c\",\"moral\":\"m\",\"childName\":\"" + childName + "\"}"))
			.get("id")
			.asString();
	}

	/**
	 * A private bucket, uploads that succeed, and a signed-URL route that checks tokens
	 * as Storage does (there is no object to serve); every other call is recorded.
	 */
	private static MockWebServer startSupabase() {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse peek() {
				return new MockResponse.Builder().add100Continue().build();
			}

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (request.getMethod().equals("GET") && request.getTarget().startsWith("/storage/v1/object/sign/")) {
					URI url = URI.create(supabase.url("/") + request.getTarget().substring(1));
					String token = SupabaseSignedUrlsTests.tokenOf(url);
					boolean accepted = SupabaseTokenCheck.verify(token, JWT_SECRET, "tales",
							SupabaseSignedUrlsTests.objectNameOf(url), Instant.now()) == Outcome.SERVED;
					probes.add(url.getRawPath() + (accepted ? " NoSuchKey" : " InvalidJWT"));
					return accepted
							? json(400,
									"{\"statusCode\":\"404\",\"code\":\"NoSuchKey\",\"error\":\"not_found\","
											+ "\"message\":\"Object not found\"}")
							: json(400, "{\"statusCode\":\"400\",\"code\":\"InvalidJWT\",\"error\":\"InvalidJWT\","
									+ "\"message\":\"signature verification failed\"}");
				}
				requests.add(request);
				if (request.getTarget().equals("/storage/v1/bucket/tales")) {
					return json(200, "{\"id\":\"tales\",\"name\":\"tales\",\"public\":false}");
				}
				if (request.getMethod().equals("POST") && request.getTarget().startsWith("/storage/v1/object/tales/")) {
					return json(200, "{\"Key\":\"tales/x\",\"Id\":\"1\"}");
				}
				return json(404, "{\"statusCode\":\"404\",\"error\":\"Not Found\",\"message\":\"Route "
						+ request.getMethod() + ":" + request.getTarget() + " not found\"}");
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

}
