package com.talegenerator.tales.story;

import java.io.InputStream;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
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
		return new StreamingUploads(base()).post("/stories/" + id + "/audio",
				new Multipart().file("file", "big.mp3", "audio/mpeg", size, () -> zeros(size)), chunked);
	}

	private String createStory() {
		return jsonBody(this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Limit " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}")
			.exchange()
			.returnResult(String.class)).get("id").asString();
	}

	static InputStream zeros(long size) {
		return new InputStream() {

			private long remaining = size;

			@Override
			public int read() {
				if (this.remaining <= 0) {
					return -1;
				}
				this.remaining--;
				return 0;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.remaining <= 0) {
					return -1;
				}
				int n = (int) Math.min(length, this.remaining);
				java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
				this.remaining -= n;
				return n;
			}

		};
	}

}
