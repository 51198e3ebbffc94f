package com.talegenerator.tales.story;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
 * A 100 MB upload and download in a JVM whose whole heap is smaller than the file
 * (Failsafe runs this class alone with {@code -Xmx128m}): the file streams from the
 * request to disk to storage and back, never held in memory (by the service, nor by the
 * client: {@link StreamingUploads}).
 */
@TestPropertySource(properties = "tales.storage.max-upload-size=200MB")
class LargeUploadSmallHeapIntegrationTests extends IntegrationTestSupport {

	private static final long SIZE = 100L * 1024 * 1024;

	@Test
	void uploadsAndServesAFileLargerThanTheHeap() {
		assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThan(SIZE + 50L * 1024 * 1024);
		String id = jsonBody(this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Large\",\"content\":\"c\",\"moral\":\"m\"}")
			.exchange()
			.returnResult(String.class)).get("id").asString();
		StreamingUploads streaming = new StreamingUploads(base());

		ResponseEntity<String> uploaded = streaming.post("/stories/" + id + "/audio",
				new Multipart().file("file", "long-story.wav", "audio/wav", SIZE, () -> wav()), false);

		assertThat(uploaded.getStatusCode().value()).as("%s", uploaded).isEqualTo(200);
		String url = jsonBody(uploaded.getBody()).get("audioFileUrl").asString();
		assertThat(streaming.download(url, LargeUploadSmallHeapIntegrationTests::sha256)).isEqualTo(sha256(wav()));
	}

	/** A WAV file of {@link #SIZE} bytes, the same each time, made as it is read. */
	private static InputStream wav() {
		return MediaSamples.stream("audio/wav", SIZE);
	}

	private static String sha256(InputStream in) {
		try (DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
			long read = digest.transferTo(OutputStreamSink.INSTANCE);
			assertThat(read).isEqualTo(SIZE);
			return HexFormat.of().formatHex(digest.getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class OutputStreamSink extends java.io.OutputStream {

		static final OutputStreamSink INSTANCE = new OutputStreamSink();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

}
