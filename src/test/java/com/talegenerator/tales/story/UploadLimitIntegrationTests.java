package com.talegenerator.tales.story;

import java.io.InputStream;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

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

		assertThat(upload(id, LIMIT, false).status()).isEqualTo(200);
	}

	@Test
	void refusesALargerFileWith413() {
		String id = createStory();

		for (boolean chunked : new boolean[] { false, true }) {
			HttpApi.Response response = upload(id, 4 * LIMIT, chunked);
			assertThat(response.status()).as("chunked " + chunked).isEqualTo(413);
			assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").isNull()).isTrue();
	}

	private HttpApi.Response upload(String id, long size, boolean chunked) {
		return this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "big.mp3", "audio/mpeg", size, () -> zeros(size)), chunked);
	}

	private String createStory() {
		HttpApi.Response response = this.api.post("/stories",
				"{\"title\":\"Limit " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}");
		return response.json().get("id").asString();
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
