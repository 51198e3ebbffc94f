package com.talegenerator.tales.story;

import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload limit (1 MB here, 50 MB by default) is enforced while the upload streams in,
 * whether the client announces the length or sends it chunked.
 */
@TestPropertySource(properties = "tales.storage.max-upload-size=1MB")
class UploadLimitIntegrationTests extends IntegrationTestSupport {

	private static final int LIMIT = 1024 * 1024;

	@Test
	void acceptsAFileOfExactlyTheLimit() {
		String id = createStory();

		assertThat(upload(id, LIMIT, false).getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void refusesALargerFileWith413() {
		String id = createStory();

		for (boolean chunked : new boolean[] { false, true }) {
			ResponseEntity<String> response = upload(id, 4 * LIMIT, chunked);
			assertThat(response.getStatusCode().value()).as("chunked " + chunked).isEqualTo(413);
			assertThat(response.getHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		}
		assertThat(jsonBody(this.client.get().uri("/stories/{id}", id).exchange().returnResult(String.class))
			.get("audioFileUrl")
			.isNull()).isTrue();
	}

	/** Streamed, since a chunked body is half of the point. */
	private ResponseEntity<String> upload(String id, long size, boolean chunked) {
		return new StreamingUploads(base()).post("/stories/" + id + "/audio", new Multipart().file("file", "big.mp3",
				"audio/mpeg", size, () -> MediaSamples.stream("audio/mpeg", size)), chunked);
	}

	private String createStory() {
		return jsonBody(this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Limit " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}")
			.exchange()
			.returnResult(String.class)).get("id").asString();
	}

}
