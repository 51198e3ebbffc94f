package com.talegenerator.tales.family;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.TestDatabase;
import com.talegenerator.tales.TestTokens;
import com.talegenerator.tales.media.MediaExchanges;
import com.talegenerator.tales.media.SwitchableStorage;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.media.MediaExchanges.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A family's export and erasure with authentication on (HS256 tokens minted here as
 * Supabase mints them): a parent's {@code /me}, the back-office's
 * {@code /users/{userId}}, each refused to the other; the zip holds the family's rows and
 * files and nothing of anyone else's; an erasure leaves no row and, once storage
 * confirms, no file of the family, and the shared catalogue as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tales.files.removals.poll-interval=200ms", "tales.files.removals.first-retry=100ms",
				"tales.files.removals.max-retry=400ms" })
@AutoConfigureRestTestClient
@Import(SwitchableStorage.Installed.class)
@ExtendWith(OutputCaptureExtension.class)
class FamilyIntegrationTests {

	private static final String JWT_SECRET = "family-test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";

	private static final String ISSUER = "https://family-test.supabase.co/auth/v1";

	@LocalServerPort
	private int port;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private SwitchableStorage storage;

	private RestTestClient anonymous;

	private Family backOffice;

	@DynamicPropertySource
	static void authentication(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
		registry.add("tales.auth.mode", () -> "jwt");
		registry.add("tales.auth.jwt-secret", () -> JWT_SECRET);
		registry.add("tales.auth.supabase-url", () -> "");
		registry.add("tales.auth.issuer", () -> ISSUER);
	}

	@BeforeEach
	void connect(@Autowired RestTestClient client) {
		this.anonymous = client.mutate().requestInterceptor(new OpenApiValidatingInterceptor(() -> this.port)).build();
		this.backOffice = as(null, TestTokens.serviceRole(JWT_SECRET));
	}

	@AfterEach
	void heal() {
		this.storage.heal();
	}

	@Test
	void exportsTheFamilysRowsAndFilesAndNothingElse() throws IOException {
		Family parent = user();
		Seeded seeded = seed(parent);
		Family other = user();
		Seeded others = seed(other);
		String shared = this.backOffice.api.createHero("Catalogue " + UUID.randomUUID());

		EntityExchangeResult<byte[]> response = parent.client.get()
			.uri("/me/export")
			.exchange()
			.returnResult(byte[].class);

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).hasValue("application/zip");
		assertThat(header(response, "Content-Disposition"))
			.hasValue("attachment; filename=\"tales-family-" + parent.id + ".zip\"");
		Map<String, byte[]> zip = unzip(response.getResponseBody());
		assertThat(zip.keySet()).containsExactly("children.json", "heroes.json", "stories.json",
				"files/heroes/" + seeded.hero + "/portrait.png", "files/stories/" + seeded.story + "/bedtime.mp3",
				"files/stories/" + seeded.story + "/thumbnail.png");
		JsonNode children = jsonBody(new String(zip.get("children.json"), StandardCharsets.UTF_8));
		assertThat(children.size()).isEqualTo(1);
		assertThat(children.get(0).get("id").asString()).isEqualTo(seeded.child);
		assertThat(children.get(0).get("name").asString()).isEqualTo("Mia");
		JsonNode heroes = jsonBody(new String(zip.get("heroes.json"), StandardCharsets.UTF_8));
		assertThat(heroes.size()).isEqualTo(1);
		assertThat(heroes.get(0).get("id").asString()).isEqualTo(seeded.hero);
		JsonNode stories = jsonBody(new String(zip.get("stories.json"), StandardCharsets.UTF_8));
		assertThat(stories.size()).isEqualTo(1);
		// the API's own shape: what GET /stories/{id} shows, media URLs aside (signed
		// anew)
		JsonNode story = jsonBody(parent.api.get("/stories/" + seeded.story));
		assertThat(stories.get(0).propertyNames()).containsExactlyElementsOf(story.propertyNames());
		assertThat(stories.get(0).get("title")).isEqualTo(story.get("title"));
		assertThat(stories.get(0).get("childId").asString()).isEqualTo(seeded.child);
		assertThat(zip.get("files/stories/" + seeded.story + "/bedtime.mp3")).isEqualTo(seeded.audio);
		assertThat(zip.get("files/heroes/" + seeded.hero + "/portrait.png")).isEqualTo(seeded.portrait);
		String everything = new String(zip.get("heroes.json"), StandardCharsets.UTF_8)
				+ new String(zip.get("stories.json"), StandardCharsets.UTF_8);
		assertThat(everything).doesNotContain(others.story, others.hero, shared);

		// the back-office exports the same family by its id
		EntityExchangeResult<byte[]> byBackOffice = this.backOffice.client.get()
			.uri("/users/{id}/export", parent.id)
			.exchange()
			.returnResult(byte[].class);
		assertThat(byBackOffice.getStatus().value()).isEqualTo(200);
		assertThat(unzip(byBackOffice.getResponseBody()).keySet()).isEqualTo(zip.keySet());
	}

	@Test
	void keepsMeToUsersAndUsersToTheBackOffice() {
		Family parent = user();
		Problems.assertProblem(this.backOffice.api.get("/me/export"), 400, "/me/export");
		Problems.assertProblem(this.backOffice.api.delete("/me?confirm=" + UUID.randomUUID()), 400, "/me");
		String export = "/users/" + parent.id + "/export";
		Problems.assertProblem(parent.api.get(export), 403, export);
		Problems.assertProblem(parent.api.delete("/users/" + parent.id), 403, "/users/" + parent.id);
		Problems.assertProblem(new MediaExchanges(this.anonymous, this.storageDirectory).get("/me/export"), 401,
				"/me/export");
	}

	@Test
	void erasesEveryRowAndFileOfTheFamilyOnlyWhenConfirmed(CapturedOutput output) {
		Family parent = user();
		Seeded seeded = seed(parent);
		Family other = user();
		Seeded others = seed(other);
		String shared = this.backOffice.api.createHero("Catalogue " + UUID.randomUUID());

		Problems.assertInvalidFields(parent.api.delete("/me"), "/me", "confirm");
		Problems.assertInvalidFields(parent.api.delete("/me?confirm=" + other.id), "/me", "confirm");
		assertThat(rowsOf(parent.id)).isEqualTo(3);
		assertThat(parent.api.delete("/me?confirm=" + parent.id).getStatus().value()).isEqualTo(204);

		assertThat(rowsOf(parent.id)).isZero();
		assertThat(parent.api.exists("stories/" + seeded.story)).isFalse();
		assertThat(parent.api.exists("heroes/" + seeded.hero)).isFalse();
		// idempotent
		assertThat(parent.api.delete("/me?confirm=" + parent.id).getStatus().value()).isEqualTo(204);
		// the others' rows and files, and the shared catalogue, as they were
		assertThat(rowsOf(other.id)).isEqualTo(3);
		assertThat(other.api.files("stories/" + others.story)).containsExactly("bedtime.mp3", "thumbnail.png");
		assertThat(this.backOffice.api.get("/heroes/" + shared).getStatus().value()).isEqualTo(200);
		// who erased whom and when, without the family's data
		String line = output.getOut()
			.lines()
			.filter((text) -> text.contains("Family erased: user " + parent.id))
			.findFirst()
			.orElseThrow();
		assertThat(line).contains("by the user themself", "1 stories, 1 heroes, 1 children").doesNotContain("Mia");
	}

	@Test
	void erasureForgetsTheFamilysIdempotencyKeysWhoseResponsesHoldItsData() {
		Family parent = user();
		Family other = user();
		String child = "{\"name\":\"Mia\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"owls\"]}";
		assertThat(createWithKey(parent, child, "key-1").getStatus().value()).isEqualTo(201);
		assertThat(createWithKey(other, child, "key-1").getStatus().value()).isEqualTo(201);

		assertThat(parent.api.delete("/me?confirm=" + parent.id).getStatus().value()).isEqualTo(204);

		assertThat(keysOf(parent.id)).isZero();
		assertThat(keysOf(other.id)).isEqualTo(1);
		// the retry finds no kept answer with the erased child in it: it runs again
		EntityExchangeResult<String> retried = createWithKey(parent, child, "key-1");
		assertThat(retried.getStatus().value()).isEqualTo(201);
		assertThat(retried.getResponseHeaders().get("Idempotent-Replayed")).isNull();
		assertThat(createWithKey(other, child, "key-1").getResponseHeaders().getFirst("Idempotent-Replayed"))
			.isEqualTo("true");
	}

	private EntityExchangeResult<String> createWithKey(Family family, String json, String key) {
		return family.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private int keysOf(UUID owner) {
		Integer keys = this.jdbc.queryForObject("SELECT count(*) FROM tales.idempotency_keys WHERE owner = ?",
				Integer.class, owner);
		return (keys != null) ? keys : -1;
	}

	@Test
	void theBackOfficeErasesAFamilyWhileStorageIsDownAndItsFilesGoLater() {
		Family parent = user();
		Seeded seeded = seed(parent);
		this.storage.removalsDown = true;

		assertThat(this.backOffice.api.delete("/users/" + parent.id).getStatus().value()).isEqualTo(204);

		assertThat(rowsOf(parent.id)).isZero();
		assertThat(parent.api.files("stories/" + seeded.story)).containsExactly("bedtime.mp3", "thumbnail.png");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.file_removals WHERE path IN (?, ?)",
				Integer.class, "stories/" + seeded.story, "heroes/" + seeded.hero))
			.isEqualTo(2);
		this.storage.removalsDown = false;
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !parent.api.exists("stories/" + seeded.story) && !parent.api.exists("heroes/" + seeded.hero));
		assertThat(this.backOffice.api.delete("/users/" + parent.id).getStatus().value()).isEqualTo(204);
	}

	/** A big family's folders go right after the answer, on the worker's thread. */
	@Test
	void erasesABigFamilysFilesRightAfterTheAnswer() {
		Family parent = user();
		java.util.List<String> stories = new java.util.ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String story = parent.api.createStory();
			assertThat(parent.api.upload("/stories/" + story + "/audio", "a.mp3", "audio/mpeg", MediaSamples.mp3(500))
				.getStatus()
				.value()).isEqualTo(200);
			stories.add(story);
		}

		assertThat(this.backOffice.api.delete("/users/" + parent.id).getStatus().value()).isEqualTo(204);

		assertThat(rowsOf(parent.id)).isZero();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> stories.stream().noneMatch((story) -> parent.api.exists("stories/" + story)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM tales.file_removals WHERE path LIKE 'stories/%'", Integer.class) == 0);
	}

	/**
	 * The race: the family is erased while one of its uploads is between storing its file
	 * and pointing the story at it. The store finishes after the erasure removed the
	 * story's folder; the upload cannot attach, and its file is removed all the same.
	 */
	@Test
	void anErasureDuringAnUploadLeavesNoFile() throws Exception {
		Family parent = user();
		String story = parent.api.createStory();
		this.storage.holdNextStore();

		CompletableFuture<EntityExchangeResult<String>> upload = CompletableFuture.supplyAsync(() -> parent.api
			.upload("/stories/" + story + "/audio", "late.mp3", "audio/mpeg", MediaSamples.mp3(5000)));
		assertThat(this.storage.storeBegun.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(parent.api.delete("/me?confirm=" + parent.id).getStatus().value()).isEqualTo(204);
		this.storage.releaseStore.countDown();
		EntityExchangeResult<String> uploaded = upload.get(20, TimeUnit.SECONDS);

		Problems.assertProblem(uploaded, 404, "/stories/" + story + "/audio");
		await().atMost(Duration.ofSeconds(20)).until(() -> parent.api.files("stories/" + story).isEmpty());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.file_removals WHERE path LIKE ?", Integer.class,
				"stories/" + story + "%"))
			.isZero();
		assertThat(rowsOf(parent.id)).isZero();
	}

	@Test
	void answers503BeforeTheZipWhenStorageIsDown() {
		Family parent = user();
		seed(parent);
		this.storage.down = true;

		EntityExchangeResult<String> response = parent.api.get("/me/export");

		Problems.assertProblem(response, 503, "/me/export");
		assertThat(header(response, "Retry-After")).isPresent();
	}

	/**
	 * Storage fails once the zip is under way: the download ends in an error, not in a
	 * zip that looks complete.
	 */
	@Test
	void abortsTheDownloadWhenStorageFailsHalfWay() throws Exception {
		Family parent = user();
		String story = parent.api.createStory();
		assertThat(parent.api
			.upload("/stories/" + story + "/audio", "long.mp3", "audio/mpeg", MediaSamples.mp3(3 * 1024 * 1024))
			.getStatus()
			.value()).isEqualTo(200);
		this.storage.readsBreakAfter = 1024 * 1024;

		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/me/export"))
				.header("Authorization", "Bearer " + parent.token)
				.build(), HttpResponse.BodyHandlers.ofInputStream());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThatThrownBy(() -> {
			try (InputStream body = response.body()) {
				body.transferTo(java.io.OutputStream.nullOutputStream());
			}
		}).isInstanceOf(IOException.class);
	}

	private int rowsOf(UUID owner) {
		Integer rows = this.jdbc.queryForObject("""
				SELECT (SELECT count(*) FROM tales.children WHERE user_id = ?)
				     + (SELECT count(*) FROM tales.heroes WHERE user_id = ?)
				     + (SELECT count(*) FROM tales.stories WHERE user_id = ?)""", Integer.class, owner, owner, owner);
		return (rows != null) ? rows : -1;
	}

	/**
	 * A child, a hero with a portrait, a story for the child with audio and thumbnail.
	 */
	private Seeded seed(Family family) {
		String child = created(family.api.post("/children",
				"{\"name\":\"Mia\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"owls\"]}"));
		String hero = family.api.createHero("Own " + UUID.randomUUID());
		byte[] portrait = MediaSamples.png(700);
		assertThat(
				family.api.upload("/heroes/" + hero + "/portrait", "p.png", "image/png", portrait).getStatus().value())
			.isEqualTo(200);
		String story = created(family.api.post("/stories",
				"{\"title\":\"Owls\",\"content\":\"Once…\",\"moral\":\"Be kind.\",\"childId\":\"" + child + "\"}"));
		byte[] audio = MediaSamples.mp3(4000);
		assertThat(family.api.upload("/stories/" + story + "/audio", "bedtime.mp3", "audio/mpeg", audio)
			.getStatus()
			.value()).isEqualTo(200);
		assertThat(family.api.upload("/stories/" + story + "/thumbnail", "t.png", "image/png", MediaSamples.png(600))
			.getStatus()
			.value()).isEqualTo(200);
		return new Seeded(child, hero, story, audio, portrait);
	}

	private record Seeded(String child, String hero, String story, byte[] audio, byte[] portrait) {
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		return entries;
	}

	/** A family's parent (or the back-office) with their own clients. */
	private record Family(UUID id, String token, RestTestClient client, MediaExchanges api) {
	}

	private Family user() {
		UUID id = UUID.randomUUID();
		return as(id, TestTokens.user(JWT_SECRET, ISSUER, id));
	}

	private Family as(UUID id, String token) {
		RestTestClient client = this.anonymous.mutate().defaultHeader("Authorization", "Bearer " + token).build();
		return new Family(id, token, client, new MediaExchanges(client, this.storageDirectory));
	}

}
