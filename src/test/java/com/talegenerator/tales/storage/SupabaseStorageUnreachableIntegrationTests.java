package com.talegenerator.tales.storage;

import java.net.ServerSocket;
import java.net.URI;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supabase Storage cannot be reached at all (nothing listens where it should be): uploads
 * answer 503 with Retry-After, the story stays as it was, deleting a story still works,
 * and stories are read with their media URLs null.
 */
@DirtiesContext
class SupabaseStorageUnreachableIntegrationTests extends IntegrationTestSupport {

	@DynamicPropertySource
	static void unreachableSupabase(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.supabase.url", () -> "http://127.0.0.1:" + closedPort());
		registry.add("tales.storage.supabase.service-key", () -> "service-role-jwt");
	}

	@Test
	void answers503AndKeepsTheStory() {
		String id = jsonBody(post("/stories", "{\"title\":\"Offline\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();
		String before = get("/stories/" + id).getResponseBody();

		EntityExchangeResult<String> response = postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "a.mp3", "audio/mpeg",
						"ID3\u0004\u0000 some mp3 bytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).isPresent();
		assertThat(header(response, "Content-Type")).hasValue("application/problem+json");
		assertThat(get("/stories/" + id).getResponseBody()).isEqualTo(before);
		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);
		assertThat(get("/stories/" + id).getStatus().value()).isEqualTo(404);
	}

	@Test
	void showsNullUrlsAndRedirectsTo503() {
		String id = jsonBody(post("/stories", "{\"title\":\"Unsigned\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();
		this.jdbc.update("UPDATE tales.stories SET audio_file_url = ? WHERE id = ?::uuid",
				"https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/" + id + "/x.mp3?v=1", id);

		EntityExchangeResult<String> story = get("/stories/" + id);
		EntityExchangeResult<String> audio = get("/stories/" + id + "/audio");

		// reading never fails because storage cannot sign
		assertThat(story.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(story).get("audioFileUrl").isNull()).isTrue();
		assertThat(audio.getStatus().value()).isEqualTo(503);
		assertThat(header(audio, "Retry-After")).hasValue("5");
	}

	/** A port nothing listens on: bound, then released. */
	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
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
