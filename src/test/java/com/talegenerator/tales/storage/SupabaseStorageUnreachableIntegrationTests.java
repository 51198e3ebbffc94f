package com.talegenerator.tales.storage;

import java.net.ServerSocket;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supabase Storage cannot be reached at all (nothing listens where it should be): uploads
 * answer 503 with Retry-After, the story stays as it was, and deleting a story still
 * works.
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
		String id = this.api.post("/stories", "{\"title\":\"Offline\",\"content\":\"c\",\"moral\":\"m\"}")
			.json()
			.get("id")
			.asString();
		String before = this.api.get("/stories/" + id).body();

		HttpApi.Response response = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "a.mp3", "audio/mpeg", new byte[] { 1, 2, 3 }), false);

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isPresent();
		assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		assertThat(this.api.get("/stories/" + id).body()).isEqualTo(before);
		assertThat(this.api.delete("/stories/" + id).status()).isEqualTo(204);
		assertThat(this.api.get("/stories/" + id).status()).isEqualTo(404);
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

}
