package com.talegenerator.tales.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * File removals are durable: with storage refusing removals, deleting stories and
 * replacing files still succeeds and removes nothing yet; once storage is back the worker
 * removes every file left behind, and none that a row points at.
 */
@Import(SwitchableStorage.Installed.class)
@TestPropertySource(properties = { "tales.files.removals.poll-interval=200ms", "tales.files.removals.first-retry=100ms",
		"tales.files.removals.max-retry=400ms" })
class FileRemovalOutageIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private SwitchableStorage storage;

	@Autowired
	private FileRemovals removals;

	@Autowired
	private Environment environment;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@AfterEach
	void heal() {
		this.storage.heal();
	}

	@Test
	void removesEveryOrphanOnceStorageIsBackAndNoLiveFile() throws Exception {
		MediaExchanges api = new MediaExchanges(this.client, this.storageDirectory);
		String deleted = api.createStory();
		upload(api, "/stories/" + deleted + "/audio", "gone.mp3", "audio/mpeg", MediaSamples.mp3(2000));
		upload(api, "/stories/" + deleted + "/thumbnail", "t.png", "image/png", MediaSamples.png(500));
		String replaced = api.createStory();
		upload(api, "/stories/" + replaced + "/audio", "first.mp3", "audio/mpeg", MediaSamples.mp3(1000));
		String sameName = api.createStory();
		upload(api, "/stories/" + sameName + "/audio", "same.mp3", "audio/mpeg", MediaSamples.mp3(1000));
		String hero = api.createHero("Outage " + UUID.randomUUID());
		upload(api, "/heroes/" + hero + "/portrait", "p.png", "image/png", MediaSamples.png(800));
		String untouched = api.createStory();
		byte[] untouchedAudio = MediaSamples.mp3(1500);
		upload(api, "/stories/" + untouched + "/audio", "keep.mp3", "audio/mpeg", untouchedAudio);

		this.storage.removalsDown = true;
		assertThat(api.delete("/stories/" + deleted).getStatus().value()).isEqualTo(204);
		upload(api, "/stories/" + replaced + "/audio", "second.mp3", "audio/mpeg", MediaSamples.mp3(1100));
		byte[] sameNameAudio = MediaSamples.mp3(1200);
		upload(api, "/stories/" + sameName + "/audio", "same.mp3", "audio/mpeg", sameNameAudio);
		upload(api, "/heroes/" + hero + "/portrait", "p.jpg", "image/jpeg", MediaSamples.jpeg(900));
		byte[] jpeg = Files.readAllBytes(file("heroes/" + hero + "/portrait.jpg"));
		// the worker tries again and again, and storage keeps refusing
		Thread.sleep(800);

		assertThat(api.files("stories/" + deleted)).containsExactly("gone.mp3", "thumbnail.png");
		assertThat(api.files("stories/" + replaced)).containsExactly("first.mp3", "second.mp3");
		assertThat(api.files("heroes/" + hero)).containsExactly("portrait.jpg", "portrait.png");
		assertThat(
				queued("stories/" + deleted, "stories/" + replaced + "/first.mp3", "heroes/" + hero + "/portrait.png"))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForObject("SELECT min(attempts) FROM tales.file_removals WHERE path IN (?, ?)",
				Integer.class, "stories/" + deleted, "stories/" + replaced + "/first.mp3"))
			.isGreaterThan(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.removals.pending() >= 3);
		assertThat(metrics()).containsPattern("tales_files_removals_pending\\{[^}]*} [3-9]");

		this.storage.removalsDown = false;
		await().atMost(Duration.ofSeconds(20))
			.until(() -> queued("stories/" + deleted, "stories/" + replaced + "/first.mp3",
					"heroes/" + hero + "/portrait.png") == 0);

		assertThat(api.exists("stories/" + deleted)).isFalse();
		assertThat(api.files("stories/" + replaced)).containsExactly("second.mp3");
		assertThat(api.files("stories/" + sameName)).containsExactly("same.mp3");
		assertThat(Files.readAllBytes(file("stories/" + sameName + "/same.mp3"))).isEqualTo(sameNameAudio);
		assertThat(api.files("heroes/" + hero)).containsExactly("portrait.jpg");
		assertThat(Files.readAllBytes(file("heroes/" + hero + "/portrait.jpg"))).isEqualTo(jpeg);
		assertThat(Files.readAllBytes(file("stories/" + untouched + "/keep.mp3"))).isEqualTo(untouchedAudio);
		assertThat(jsonBody(api.get("/stories/" + replaced)).get("audioFileUrl").asString()).contains("second.mp3");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.removals.pending() == 0);
	}

	@Test
	void neverRemovesAFileItsRowPointsAtAgain() {
		MediaExchanges api = new MediaExchanges(this.client, this.storageDirectory);
		String story = api.createStory();
		upload(api, "/stories/" + story + "/audio", "a.mp3", "audio/mpeg", MediaSamples.mp3(1000));
		this.storage.removalsDown = true;
		upload(api, "/stories/" + story + "/audio", "b.mp3", "audio/mpeg", MediaSamples.mp3(1000));
		assertThat(queued("stories/" + story + "/a.mp3")).isEqualTo(1);

		// back to a.mp3 while its removal is pending: the upload takes the removal back
		byte[] again = MediaSamples.mp3(1300);
		upload(api, "/stories/" + story + "/audio", "a.mp3", "audio/mpeg", again);
		assertThat(queued("stories/" + story + "/a.mp3")).isZero();
		assertThat(queued("stories/" + story + "/b.mp3")).isEqualTo(1);
		// a removal queued for the live file anyway (a crash's leftover) leaves it alone
		this.jdbc.update("INSERT INTO tales.file_removals (path, folder, reason) VALUES (?, false, 'replaced')",
				"stories/" + story + "/a.mp3");
		this.storage.removalsDown = false;

		await().atMost(Duration.ofSeconds(20))
			.until(() -> queued("stories/" + story + "/a.mp3", "stories/" + story + "/b.mp3") == 0);
		assertThat(api.files("stories/" + story)).containsExactly("a.mp3");
		assertThat(
				api.get(jsonBody(api.get("/stories/" + story)).get("audioFileUrl").asString()).getResponseBodyContent())
			.isEqualTo(again);
	}

	/**
	 * Several instances share the queue: each removal is done by one of them, once; and a
	 * removal queued by another instance (or before a restart) is done too.
	 */
	@Test
	void instancesShareTheQueueAndEachRemovalIsDoneOnce() throws Exception {
		MediaExchanges api = new MediaExchanges(this.client, this.storageDirectory);
		List<String> folders = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String story = api.createStory();
			upload(api, "/stories/" + story + "/audio", "x.mp3", "audio/mpeg", MediaSamples.mp3(300));
			folders.add("stories/" + story);
		}
		// queued as a stopped instance would have left them: due, never tried
		for (String folder : folders) {
			this.jdbc.update("INSERT INTO tales.file_removals (path, folder, reason) VALUES (?, true, 'deleted')",
					folder);
		}

		List<CompletableFuture<Integer>> workers = List.of(CompletableFuture.supplyAsync(this.removals::removeDue),
				CompletableFuture.supplyAsync(this.removals::removeDue),
				CompletableFuture.supplyAsync(this.removals::removeDue));
		CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();

		for (String folder : folders) {
			assertThat(api.exists(folder)).as(folder).isFalse();
			assertThat(this.storage.removals.get(folder + "/")).as(folder).hasValue(1);
		}
		assertThat(queued(folders.toArray(String[]::new))).isZero();
	}

	private void upload(MediaExchanges api, String path, String name, String type, byte[] content) {
		EntityExchangeResult<String> response = api.upload(path, name, type, content);
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
	}

	private int queued(String... paths) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM tales.file_removals WHERE path = ANY (?)",
				Integer.class, (Object) paths);
		return (count != null) ? count : 0;
	}

	private Path file(String path) {
		return this.storageDirectory.resolve("tales").resolve(path);
	}

	private String metrics() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(
					"http://127.0.0.1:" + this.environment.getRequiredProperty("local.management.port") + "/metrics"))
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

}
