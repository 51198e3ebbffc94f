package com.talegenerator.tales.family;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.story.StreamingUploads;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A family with 200 MB of audio exported from a JVM whose whole heap is 128 MB (Failsafe
 * runs this class alone with {@code -Xmx128m}): the files stream from storage into the
 * zip and to the client, never held (nor by the client here, which reads the zip as it
 * arrives).
 */
@TestPropertySource(properties = "tales.storage.max-upload-size=200MB")
class FamilyExportSmallHeapIntegrationTests extends IntegrationTestSupport {

	private static final long SIZE = 100L * 1024 * 1024;

	@Test
	void exportsAFamilyWithMoreAudioThanTheHeap() {
		assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThan(2 * SIZE);
		UUID family = UUID.randomUUID();
		StreamingUploads streaming = new StreamingUploads(base());
		Map<String, String> expected = new LinkedHashMap<>();
		for (String name : new String[] { "first.wav", "second.wav" }) {
			String story = jsonBody(this.client.post()
				.uri("/stories")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"title\":\"Long\",\"content\":\"c\",\"moral\":\"m\"}")
				.exchange()
				.returnResult(String.class)).get("id").asString();
			ResponseEntity<String> uploaded = streaming.post("/stories/" + story + "/audio",
					new Multipart().file("file", name, "audio/wav", SIZE, () -> MediaSamples.stream("audio/wav", SIZE)),
					false);
			assertThat(uploaded.getStatusCode().value()).as("%s", uploaded).isEqualTo(200);
			this.jdbc.update("UPDATE tales.stories SET user_id = ? WHERE id = ?::uuid", family, story);
			expected.put("files/stories/" + story + "/" + name, sha256(MediaSamples.stream("audio/wav", SIZE)));
		}

		Map<String, String> exported = streaming.download(base() + "/users/" + family + "/export",
				FamilyExportSmallHeapIntegrationTests::digests);

		assertThat(exported).containsKeys("children.json", "heroes.json", "stories.json");
		exported.keySet().removeIf((name) -> name.endsWith(".json"));
		assertThat(exported).isEqualTo(expected);
	}

	/** Each entry of the zip by its SHA-256, read as the zip arrives. */
	private static Map<String, String> digests(InputStream body) {
		Map<String, String> digests = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(body)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				digests.put(entry.getName(), sha256(zip));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return digests;
	}

	private static String sha256(InputStream in) {
		try {
			DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
			digest.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(digest.getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
