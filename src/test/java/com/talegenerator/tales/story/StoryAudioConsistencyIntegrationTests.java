package com.talegenerator.tales.story;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story and its stored audio never get out of step, with storage and database
 * failures injected at each step of an upload and a deletion.
 */
@Import(StoryAudioConsistencyIntegrationTests.FaultInjection.class)
@ExtendWith(OutputCaptureExtension.class)
class StoryAudioConsistencyIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private FaultyStorage storage;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@AfterEach
	void healStorage() {
		this.storage.failStore = null;
		this.storage.failDelete = null;
	}

	@Test
	void leavesTheStoryUnchangedWhenStorageIsUnreachable() {
		String id = createStory();
		JsonNode before = jsonBody(get("/stories/" + id));
		this.storage.failStore = StorageException.Kind.UNAVAILABLE;

		EntityExchangeResult<String> response = upload(id, "a.mp3", "first");

		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(header(response, "Retry-After")).hasValue("5");
		assertThat(header(response, "Content-Type")).hasValue("application/problem+json");
		assertThat(response.getResponseBody()).doesNotContain("injected");
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(before);
	}

	@Test
	void mapsEveryStorageFailureToAProblemThatIsNeverA500() {
		String id = createStory();
		JsonNode before = jsonBody(get("/stories/" + id));

		for (StorageException.Kind kind : StorageException.Kind.values()) {
			this.storage.failStore = kind;
			EntityExchangeResult<String> response = upload(id, "a.mp3", "x");
			JsonNode problem = Problems.assertProblem(response, response.getStatus().value(),
					"/stories/" + id + "/audio");
			assertThat(response.getStatus().value()).as(kind.toString()).isIn(400, 413, 415, 503);
			if (response.getStatus().value() == 503) {
				assertThat(header(response, "Retry-After")).as(kind.toString()).hasValue("5");
			}
			assertThat(problem.get("detail").asString()).as(kind.toString()).doesNotContain("injected");
		}
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(before);
	}

	@Test
	void keepsThePreviousAudioWhenAReplacementFails() {
		String id = createStory();
		JsonNode first = jsonBody(upload(id, "first.mp3", "first"));
		this.storage.failStore = StorageException.Kind.UNAVAILABLE;

		assertThat(upload(id, "second.mp3", "second").getStatus().value()).isEqualTo(503);

		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(first);
		assertThat(get(first.get("audioFileUrl").asString()).getResponseBodyContent())
			.isEqualTo(MediaSamples.mp3("first"));
	}

	@Test
	void removesTheStoredFileWhenTheStoryCannotBeUpdated() {
		String id = createStory();
		JsonNode before = jsonBody(get("/stories/" + id));
		this.jdbc.execute("""
				CREATE OR REPLACE FUNCTION tales.test_refuse_audio() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.id = '%s' THEN RAISE EXCEPTION 'refused by test'; END IF;
				  RETURN NEW;
				END $$""".formatted(id));
		this.jdbc.execute("CREATE TRIGGER test_refuse_audio BEFORE UPDATE ON tales.stories "
				+ "FOR EACH ROW EXECUTE FUNCTION tales.test_refuse_audio()");
		EntityExchangeResult<String> response;
		try {
			response = upload(id, "orphan.mp3", "orphan");
		}
		finally {
			this.jdbc.execute("DROP TRIGGER test_refuse_audio ON tales.stories");
			this.jdbc.execute("DROP FUNCTION tales.test_refuse_audio()");
		}

		assertThat(response.getStatus().value()).isEqualTo(500);
		assertThat(this.storage.stored).doesNotContain("stories/" + id + "/orphan.mp3");
		assertThat(this.storage.deleted).contains("stories/" + id + "/orphan.mp3");
		assertThat(this.storageDirectory.resolve("tales/stories/" + id + "/orphan.mp3")).doesNotExist();
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(before);
	}

	@Test
	void keepsTheFileTheStoryPointsAtWhenAnUploadUnderItsNameCannotBeAttached() {
		String id = createStory();
		JsonNode first = jsonBody(upload(id, "same.mp3", "first"));
		refuseUpdatesOf(id);
		EntityExchangeResult<String> response;
		try {
			response = upload(id, "same.mp3", "second");
		}
		finally {
			allowUpdates();
		}

		assertThat(response.getStatus().value()).isEqualTo(500);
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(first);
		// the failed upload's bytes replaced the file under that name; removing it would
		// leave the story pointing at nothing
		assertThat(get(first.get("audioFileUrl").asString()).getStatus().value()).isEqualTo(200);
		assertThat(this.storage.deleted).doesNotContain("stories/" + id + "/same.mp3");
	}

	@Test
	void removesAFileOfAnAdoptedDatabaseWhenItIsReplacedUnderAnotherName() {
		String id = createStory();
		String legacyUrl = pointAtUnversionedFile(id, "legacy.mp3");

		JsonNode replaced = jsonBody(upload(id, "new.mp3", "new"));

		assertThat(this.storage.deleted).contains("stories/" + id + "/legacy.mp3");
		assertThat(get(legacyUrl).getStatus().value()).isEqualTo(404);
		assertThat(get(replaced.get("audioFileUrl").asString()).getResponseBodyContent())
			.isEqualTo(MediaSamples.mp3("new"));
	}

	@Test
	void keepsAFileOfAnAdoptedDatabaseWhenAnUploadUnderItsNameCannotBeAttached() {
		String id = createStory();
		String legacyUrl = pointAtUnversionedFile(id, "same.mp3");
		refuseUpdatesOf(id);
		EntityExchangeResult<String> response;
		try {
			response = upload(id, "same.mp3", "second");
		}
		finally {
			allowUpdates();
		}

		assertThat(response.getStatus().value()).isEqualTo(500);
		assertThat(jsonBody(get("/stories/" + id)).get("audioFileUrl").asString()).isEqualTo(legacyUrl);
		assertThat(get(legacyUrl).getStatus().value()).isEqualTo(200);
		assertThat(this.storage.deleted).doesNotContain("stories/" + id + "/same.mp3");
	}

	/**
	 * Stores a file and points the story at its public URL without a version, as the URLs
	 * of a database kept before there were versions are; returns the URL the story shows
	 * for it (signed, as media URLs are by default).
	 */
	private String pointAtUnversionedFile(String id, String fileName) {
		String signed = jsonBody(upload(id, fileName, "legacy")).get("audioFileUrl").asString();
		// the object's public URL: the same path below /object/public/, no query
		String unversioned = signed.substring(0, signed.indexOf('?')).replace("/object/sign/", "/object/public/");
		this.jdbc.update("UPDATE tales.stories SET audio_file_url = ? WHERE id = ?::uuid", unversioned, id);
		String shown = jsonBody(get("/stories/" + id)).get("audioFileUrl").asString();
		assertThat(URI.create(shown).getPath())
			.isEqualTo("/storage/v1/object/sign/tales/stories/" + id + "/" + fileName);
		return shown;
	}

	@Test
	void aStoryStaysDeletedWhenItsFilesCannotBeRemoved(CapturedOutput output) {
		String id = createStory();
		upload(id, "a.mp3", "audio");
		this.storage.failDelete = StorageException.Kind.UNAVAILABLE;

		assertThat(delete("/stories/" + id).getStatus().value()).isEqualTo(204);

		assertThat(get("/stories/" + id).getStatus().value()).isEqualTo(404);
		// queued, and retried until storage confirms (FileRemovalOutageIntegrationTests)
		assertThat(output.getOut()).contains("Could not remove stories/" + id + "/ (try 1)");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM tales.file_removals WHERE path = ? AND folder AND attempts = 1", Integer.class,
				"stories/" + id))
			.isEqualTo(1);
	}

	private void refuseUpdatesOf(String id) {
		this.jdbc.execute("""
				CREATE OR REPLACE FUNCTION tales.test_refuse_audio() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.id = '%s' THEN RAISE EXCEPTION 'refused by test'; END IF;
				  RETURN NEW;
				END $$""".formatted(id));
		this.jdbc.execute("CREATE TRIGGER test_refuse_audio BEFORE UPDATE ON tales.stories "
				+ "FOR EACH ROW EXECUTE FUNCTION tales.test_refuse_audio()");
	}

	private void allowUpdates() {
		this.jdbc.execute("DROP TRIGGER test_refuse_audio ON tales.stories");
		this.jdbc.execute("DROP FUNCTION tales.test_refuse_audio()");
	}

	private EntityExchangeResult<String> upload(String id, String fileName, String content) {
		Multipart form = new Multipart().file("file", fileName, "audio/mpeg", MediaSamples.mp3(content));
		return this.client.post()
			.uri("/stories/{id}/audio", id)
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	private String createStory() {
		EntityExchangeResult<String> response = post("/stories",
				"{\"title\":\"Consistent " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(response.getStatus().value()).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FaultInjection {

		@Bean
		@Primary
		FaultyStorage faultyStorage(@Qualifier("localObjectStorage") ObjectStorage local) {
			return new FaultyStorage(local);
		}

	}

	/** Local storage that fails on demand, and remembers what is stored now. */
	static final class FaultyStorage implements ObjectStorage {

		private final ObjectStorage delegate;

		volatile StorageException.Kind failStore;

		volatile StorageException.Kind failDelete;

		final java.util.Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();

		final java.util.Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();

		FaultyStorage(ObjectStorage delegate) {
			this.delegate = delegate;
		}

		@Override
		public URI store(String path, InputStream content, long length, String contentType) {
			if (this.failStore != null) {
				throw new StorageException(this.failStore, "injected store failure");
			}
			URI url = this.delegate.store(path, content, length, contentType);
			this.stored.add(path);
			return url;
		}

		@Override
		public java.util.Map<String, String> signedUrls(java.util.Collection<String> paths,
				com.talegenerator.tales.storage.SigningWindow window) {
			return this.delegate.signedUrls(paths, window);
		}

		@Override
		public void delete(String path) {
			if (this.failDelete != null) {
				throw new StorageException(this.failDelete, "injected delete failure");
			}
			this.delegate.delete(path);
			this.stored.remove(path);
			this.deleted.add(path);
		}

		@Override
		public void deletePrefix(String prefix) {
			if (this.failDelete != null) {
				throw new StorageException(this.failDelete, "injected delete failure");
			}
			this.delegate.deletePrefix(prefix);
			this.stored.removeIf((path) -> path.startsWith(prefix + "/"));
		}

		@Override
		public URI publicUrl(String path) {
			return this.delegate.publicUrl(path);
		}

		@Override
		public InputStream open(String path) {
			return this.delegate.open(path);
		}

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
