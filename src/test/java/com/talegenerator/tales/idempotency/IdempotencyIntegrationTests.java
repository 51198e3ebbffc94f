package com.talegenerator.tales.idempotency;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.RawHttp;
import com.talegenerator.tales.media.MediaExchanges;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.transaction.support.TransactionTemplate;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotency-Key over real HTTP on a real PostgreSQL (API.md "Idempotent creates"):
 * every creating and uploading POST answers a retry with its first response and writes
 * nothing twice; a key reused for another request is a 422, one still in flight a 409
 * with Retry-After; failures are not remembered; expired keys run again and are removed.
 * Authentication is off here (every request is the back-office's); callers and a second
 * instance are in {@link IdempotencyInstancesIntegrationTests}.
 */
class IdempotencyIntegrationTests extends IntegrationTestSupport {

	private static final String KEY = IdempotencyFilter.HEADER;

	private static final String REPLAYED = IdempotencyFilter.REPLAYED;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private IdempotencyCleanup cleanup;

	@Autowired
	private MeterRegistry meters;

	private MediaExchanges media;

	@BeforeEach
	void media() {
		this.media = new MediaExchanges(this.client, this.storageDirectory);
	}

	static Stream<Arguments> creates() {
		return Stream.of(Arguments.of("/children", "children", "{\"name\":\"%s\",\"age\":5,\"gender\":\"girl\"}"),
				Arguments.of("/heroes", "heroes",
						"{\"name\":\"%s\",\"gender\":\"boy\",\"appearance\":\"a green hat\",\"personalityTraits\":[]}"),
				Arguments.of("/stories", "stories", "{\"title\":\"%s\",\"content\":\"Once…\",\"moral\":\"Share.\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("creates")
	void replaysACreateWithItsFirstResponse(String path, String table, String template) {
		String name = unique("Replayed");
		String body = template.formatted(name);
		String key = UUID.randomUUID().toString();
		double replaysBefore = replays("replayed");

		EntityExchangeResult<String> first = post(path, body, key);
		EntityExchangeResult<String> retry = post(path, body, key);

		assertThat(first.getStatus().value()).as("%s", first).isEqualTo(201);
		assertThat(first.getResponseHeaders().getFirst(REPLAYED)).isNull();
		assertThat(retry.getStatus().value()).isEqualTo(201);
		assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(retry.getResponseHeaders().getLocation()).isNotNull()
			.isEqualTo(first.getResponseHeaders().getLocation());
		assertThat(retry.getResponseHeaders().getETag()).isEqualTo(first.getResponseHeaders().getETag());
		String column = table.equals("stories") ? "title" : "name";
		assertThat(count("SELECT count(*) FROM tales." + table + " WHERE " + column + " = ?", name)).isOne();
		assertThat(replays("replayed")).isEqualTo(replaysBefore + 1);
	}

	@Test
	void replaysEachUploadWithoutStoringOrChangingAnythingAgain() {
		String story = this.media.createStory();
		String hero = this.media.createHero(unique("Portrayed"));
		byte[] audio = MediaSamples.mp3(20_000);
		byte[] image = MediaSamples.png(5_000);
		List<String[]> uploads = List.of(new String[] { "/stories/" + story + "/audio", "story.mp3", "audio/mpeg" },
				new String[] { "/stories/" + story + "/thumbnail", "t.png", "image/png" },
				new String[] { "/heroes/" + hero + "/portrait", "p.png", "image/png" });
		for (String[] upload : uploads) {
			String key = UUID.randomUUID().toString();
			byte[] content = upload[2].startsWith("audio") ? audio : image;
			EntityExchangeResult<String> first = this.media.upload(upload[0], upload[1], upload[2], content, KEY, key);
			assertThat(first.getStatus().value()).as("%s", first).isEqualTo(200);
			String updatedAt = jsonBody(first).get("updatedAt").asString();

			EntityExchangeResult<String> retry = this.media.upload(upload[0], upload[1], upload[2], content, KEY, key);

			assertThat(retry.getStatus().value()).as(upload[0]).isEqualTo(200);
			assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
			assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
			// run again, the upload would have moved the row's version
			String resource = upload[0].substring(0, upload[0].lastIndexOf('/'));
			assertThat(jsonBody(this.media.get(resource)).get("updatedAt").asString()).isEqualTo(updatedAt);
		}
		assertThat(this.media.files("stories/" + story)).containsExactly("story.mp3", "thumbnail.png");
		assertThat(this.media.files("heroes/" + hero)).containsExactly("portrait.png");
	}

	@Test
	void refusesAKeyReusedWithAnotherBody() {
		String key = UUID.randomUUID().toString();
		assertThat(post("/children", child(unique("First")), key).getStatus().value()).isEqualTo(201);
		String otherName = unique("Other");

		EntityExchangeResult<String> other = post("/children", child(otherName), key);

		assertProblem(other, 422, "/children");
		assertThat(jsonBody(other).get("detail").asString()).contains("Idempotency-Key");
		assertThat(count("SELECT count(*) FROM tales.children WHERE name = ?", otherName)).isZero();
	}

	@Test
	void refusesAKeyReusedOnAnotherPath() {
		String key = UUID.randomUUID().toString();
		String name = unique("Pathed");
		assertThat(post("/children", child(name), key).getStatus().value()).isEqualTo(201);

		EntityExchangeResult<String> other = post("/heroes",
				"{\"name\":\"" + name + "\",\"gender\":\"boy\",\"appearance\":\"tall\",\"personalityTraits\":[]}", key);

		assertProblem(other, 422, "/heroes");
		assertThat(count("SELECT count(*) FROM tales.heroes WHERE name = ?", name)).isZero();
	}

	@Test
	void refusesAnUploadKeyReusedWithAnotherFile() {
		String story = this.media.createStory();
		String path = "/stories/" + story + "/thumbnail";
		String key = UUID.randomUUID().toString();
		EntityExchangeResult<String> first = this.media.upload(path, "t.png", "image/png", MediaSamples.png(4_000), KEY,
				key);
		assertThat(first.getStatus().value()).isEqualTo(200);

		EntityExchangeResult<String> other = this.media.upload(path, "t.png", "image/png", MediaSamples.png(4_001), KEY,
				key);

		assertProblem(other, 422, path);
		assertThat(jsonBody(this.media.get("/stories/" + story)).get("updatedAt").asString())
			.isEqualTo(jsonBody(first).get("updatedAt").asString());
	}

	@Test
	void answers409WithRetryAfterWhileAnotherInstanceRunsTheKey() {
		String key = UUID.randomUUID().toString();
		String name = unique("Locked");
		// what a first request in flight on any instance holds: the key's advisory lock
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(this.jdbc.getDataSource()));
		EntityExchangeResult<String> whileHeld = transaction.execute((status) -> {
			this.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
					"back-office\n" + key);
			return post("/children", child(name), key);
		});

		assertProblem(whileHeld, 409, "/children");
		assertThat(whileHeld.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
		assertThat(count("SELECT count(*) FROM tales.children WHERE name = ?", name)).isZero();
		// released, the retry runs
		assertThat(post("/children", child(name), key).getStatus().value()).isEqualTo(201);
	}

	@Test
	void answers409WhileAnUploadWithTheKeyIsStillStreaming() throws Exception {
		String story = this.media.createStory();
		String path = "/stories/" + story + "/audio";
		String key = "slow-upload-" + UUID.randomUUID();
		Multipart multipart = new Multipart().file("file", "slow.mp3", "audio/mpeg", MediaSamples.mp3(300_000));
		byte[] form = multipart.bytes();
		CountDownLatch release = new CountDownLatch(1);
		int head = 1_000;
		byte[] start = concat(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
				+ multipart.contentType() + "\r\nContent-Length: " + form.length + "\r\n" + KEY + ": " + key
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(form, head));
		InputStream heldBack = new InputStream() {

			private int position = head;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				awaitQuietly(release);
				if (this.position >= form.length) {
					return -1;
				}
				int n = Math.min(length, form.length - this.position);
				System.arraycopy(form, this.position, buffer, offset, n);
				this.position += n;
				return n;
			}

		};
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<RawHttp.Response> slow = executor.submit(() -> new RawHttp(this.port).stream(start, heldBack));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count(
						"SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ? AND state = 'in_flight'",
						key) > 0);

			EntityExchangeResult<String> retry = this.media.upload(path, "slow.mp3", "audio/mpeg",
					MediaSamples.mp3(300_000), KEY, key);

			assertProblem(retry, 409, path);
			assertThat(retry.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
			release.countDown();
			RawHttp.Response first = slow.get(30, TimeUnit.SECONDS);
			assertThat(first.status()).as("%s", first).isEqualTo(200);
			EntityExchangeResult<String> after = this.media.upload(path, "slow.mp3", "audio/mpeg",
					MediaSamples.mp3(300_000), KEY, key);
			assertThat(after.getStatus().value()).isEqualTo(200);
			assertThat(after.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
			assertThat(jsonBody(after)).isEqualTo(first.json());
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	@Test
	void runsAnUploadAgainOnceACrashedFirstAttemptsClaimHasRunOut() {
		String story = this.media.createStory();
		String path = "/stories/" + story + "/thumbnail";
		String key = UUID.randomUUID().toString();
		// what an instance that died mid-upload leaves: a claim, attached or not,
		// without an answer
		this.jdbc.update("INSERT INTO tales.idempotency_keys (caller, idempotency_key, method, path, state, claim, "
				+ "lease_until, expires_at) VALUES ('back-office', ?, 'POST', ?, 'attached', ?, "
				+ "now() + interval '1 hour', now() + interval '1 day')", key, path, UUID.randomUUID());
		EntityExchangeResult<String> whileLeased = this.media.upload(path, "t.png", "image/png",
				MediaSamples.png(3_000), KEY, key);
		assertProblem(whileLeased, 409, path);

		this.jdbc.update("UPDATE tales.idempotency_keys SET lease_until = now() - interval '1 second' "
				+ "WHERE idempotency_key = ?", key);
		EntityExchangeResult<String> afterLease = this.media.upload(path, "t.png", "image/png", MediaSamples.png(3_000),
				KEY, key);
		EntityExchangeResult<String> retry = this.media.upload(path, "t.png", "image/png", MediaSamples.png(3_000), KEY,
				key);

		assertThat(afterLease.getStatus().value()).isEqualTo(200);
		assertThat(afterLease.getResponseHeaders().getFirst(REPLAYED)).isNull();
		assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
		assertThat(retry.getResponseBody()).isEqualTo(afterLease.getResponseBody());
		assertThat(this.jdbc.queryForObject("SELECT state FROM tales.idempotency_keys WHERE idempotency_key = ?",
				String.class, key))
			.isEqualTo("completed");
	}

	@Test
	void doesNotRememberAnUploadThatFailedWith5xx() throws IOException {
		String story = this.media.createStory();
		String path = "/stories/" + story + "/thumbnail";
		String key = UUID.randomUUID().toString();
		// storage cannot make the story's folder: a file is in its way
		Path folder = this.storageDirectory.resolve("tales/stories/" + story);
		Files.createDirectories(folder.getParent());
		Files.write(folder, new byte[] { 1 });
		EntityExchangeResult<String> failed;
		try {
			failed = this.media.upload(path, "t.png", "image/png", MediaSamples.png(3_000), KEY, key);
		}
		finally {
			Files.delete(folder);
		}
		assertProblem(failed, 503, path);
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", key)).isZero();

		EntityExchangeResult<String> retry = this.media.upload(path, "t.png", "image/png", MediaSamples.png(3_000), KEY,
				key);

		assertThat(retry.getStatus().value()).isEqualTo(200);
		assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isNull();
		assertThat(jsonBody(retry).get("thumbnailUrl").isNull()).isFalse();
	}

	@Test
	void doesNotRememberA4xxSoTheCorrectedRetryRuns() {
		String key = UUID.randomUUID().toString();
		String title = unique("Corrected");
		EntityExchangeResult<String> refused = post("/stories", "{\"title\":\"" + title
				+ "\",\"content\":\"Once…\",\"moral\":\"Share.\",\"childId\":\"" + UUID.randomUUID() + "\"}", key);
		assertThat(refused.getStatus().value()).isEqualTo(422);

		EntityExchangeResult<String> retry = post("/stories",
				"{\"title\":\"" + title + "\",\"content\":\"Once…\",\"moral\":\"Share.\"}", key);

		assertThat(retry.getStatus().value()).isEqualTo(201);
		assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isNull();
		assertThat(count("SELECT count(*) FROM tales.stories WHERE title = ?", title)).isOne();
	}

	@Test
	void answersABodyOverTheLimitWith413AndRemembersNothing() {
		String key = UUID.randomUUID().toString();
		String title = unique("Too long");
		// over the default 5 MB of a JSON body
		String json = "{\"title\":\"" + title + "\",\"content\":\"" + "a".repeat(5 * 1024 * 1024 + 1)
				+ "\",\"moral\":\"Share.\"}";

		EntityExchangeResult<String> refused = post("/stories", json, key);

		assertProblem(refused, 413, "/stories");
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", key)).isZero();
		assertThat(count("SELECT count(*) FROM tales.stories WHERE title = ?", title)).isZero();
	}

	@Test
	void tenConcurrentRequestsWithOneKeyCreateOneRow() throws Exception {
		String key = UUID.randomUUID().toString();
		String title = unique("Concurrent");
		String body = "{\"title\":\"" + title + "\",\"content\":\"Once…\",\"moral\":\"Share.\"}";
		List<EntityExchangeResult<String>> responses = concurrently(10, () -> post("/stories", body, key));

		assertThat(count("SELECT count(*) FROM tales.stories WHERE title = ?", title)).isOne();
		assertThat(responses).allSatisfy((response) -> assertThat(response.getStatus().value()).isIn(201, 409));
		List<String> created = responses.stream()
			.filter((response) -> response.getStatus().value() == 201)
			.map(EntityExchangeResult::getResponseBody)
			.distinct()
			.toList();
		assertThat(created).hasSize(1);
		// whoever was refused with 409 gets the one story on retry
		EntityExchangeResult<String> retry = post("/stories", body, key);
		assertThat(retry.getResponseBody()).isEqualTo(created.get(0));
	}

	@Test
	void runsAnExpiredKeyAgainAndRemovesExpiredKeys() {
		String key = UUID.randomUUID().toString();
		String name = unique("Expired");
		EntityExchangeResult<String> first = post("/children", child(name), key);
		assertThat(first.getStatus().value()).isEqualTo(201);
		this.jdbc.update("UPDATE tales.idempotency_keys SET expires_at = now() - interval '1 second' "
				+ "WHERE idempotency_key = ?", key);

		EntityExchangeResult<String> later = post("/children", child(name), key);

		assertThat(later.getStatus().value()).isEqualTo(201);
		assertThat(later.getResponseHeaders().getFirst(REPLAYED)).isNull();
		assertThat(later.getResponseHeaders().getLocation()).isNotEqualTo(first.getResponseHeaders().getLocation());
		assertThat(count("SELECT count(*) FROM tales.children WHERE name = ?", name)).isEqualTo(2);

		String stale = UUID.randomUUID().toString();
		this.jdbc.update("INSERT INTO tales.idempotency_keys (caller, idempotency_key, method, path, state, "
				+ "expires_at) VALUES ('back-office', ?, 'POST', '/children', 'completed', now() - interval '1 hour')",
				stale);
		assertThat(this.cleanup.removeExpired()).isPositive();
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", stale)).isZero();
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", key)).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "tab\there", "caf\u00e9", "\u043a\u043b\u044e\u0447", "256 characters" })
	void refusesAMalformedKey(String given) {
		String key = given.equals("256 characters") ? "k".repeat(256) : given;
		String name = unique("Badkey");
		byte[] body = child(name).getBytes(StandardCharsets.UTF_8);
		// raw bytes: a client library would refuse to send some of these
		String head = "POST /children HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
				+ "application/json\r\nContent-Length: " + body.length + "\r\n" + KEY + ": " + key + "\r\n\r\n";

		RawHttp.Response response = new RawHttp(this.port).sendRaw(concat(head.getBytes(StandardCharsets.UTF_8), body));

		assertThat(response.status()).as("%s", response).isEqualTo(400);
		// Tomcat itself refuses a header that is not Latin-1 text; the rest are ours
		assertThat(response.json().get("detail").asString()).containsAnyOf(KEY, "could not be read");
		assertThat(count("SELECT count(*) FROM tales.children WHERE name = ?", name)).isZero();
	}

	@Test
	void refusesTwoKeys() {
		EntityExchangeResult<String> response = this.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.header(KEY, "one", "two")
			.body(child(unique("Twokeys")))
			.exchange()
			.returnResult(String.class);

		assertProblem(response, 400, "/children");
	}

	@Test
	void acceptsA255CharacterKeyOfEveryPrintableCharacter() {
		StringBuilder key = new StringBuilder();
		for (char c = 0x20; key.length() < 255; c = (char) ((c == 0x7e) ? 0x20 : c + 1)) {
			key.append(c);
		}
		// a header value cannot begin or end with a space
		key.setCharAt(0, '!');
		key.setCharAt(254, '~');
		String name = unique("Longkey");

		EntityExchangeResult<String> first = post("/children", child(name), key.toString());
		EntityExchangeResult<String> retry = post("/children", child(name), key.toString());

		assertThat(first.getStatus().value()).isEqualTo(201);
		assertThat(retry.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
	}

	private EntityExchangeResult<String> post(String path, String json, String key) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.header(KEY, key)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private static String child(String name) {
		return "{\"name\":\"" + name + "\",\"age\":6,\"gender\":\"boy\"}";
	}

	private long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	private double replays(String outcome) {
		return this.meters.get("tales.idempotent.replays").tag("outcome", outcome).counter().count();
	}

	static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> request) throws Exception {
		CountDownLatch ready = new CountDownLatch(n);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(n);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return request.call();
				}));
			}
			ready.await();
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	static String unique(String prefix) {
		return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new UncheckedIOException(new IOException("never released"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
