package com.talegenerator.tales.story;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients changing one resource at the same moment: every change is kept in one
 * order, {@code If-Match} lets exactly one of a group of editors holding the same version
 * win, and concurrent audio uploads leave one consistent narration and no stray files.
 */
class ConcurrentUpdatesIntegrationTests extends IntegrationTestSupport {

	private static final int THREADS = 32;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Test
	void concurrentRatingsAllSucceedAndUpdatedAtFollowsCommitOrder() throws Exception {
		String id = createStory();
		// an AFTER UPDATE trigger logs each update of this story while its row lock is
		// held, so the log's order is the commit order
		String log = "test_log_" + UUID.randomUUID().toString().replace("-", "");
		this.jdbc.execute("CREATE TABLE tales." + log + " (seq bigserial, rating int, updated_at timestamptz)");
		this.jdbc.execute("""
				CREATE FUNCTION tales.%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.id = '%2$s' THEN
				    INSERT INTO tales.%1$s (rating, updated_at) VALUES (NEW.rating, NEW.updated_at);
				  END IF;
				  RETURN NEW;
				END $$""".formatted(log, id));
		this.jdbc.execute("CREATE TRIGGER " + log
				+ " AFTER UPDATE ON tales.stories FOR EACH ROW EXECUTE FUNCTION tales." + log + "()");
		List<EntityExchangeResult<String>> responses;
		List<Map<String, Object>> commits;
		try {
			responses = concurrently(THREADS,
					(i) -> () -> put("/stories/" + id + "/rating", "{\"rating\":" + (i % 10 + 1) + "}"));
			commits = this.jdbc
				.queryForList("SELECT rating, extract(epoch FROM updated_at) * 1000000 AS micros FROM tales." + log
						+ " ORDER BY seq");
		}
		finally {
			this.jdbc.execute("DROP TRIGGER " + log + " ON tales.stories");
			this.jdbc.execute("DROP FUNCTION tales." + log + "()");
			this.jdbc.execute("DROP TABLE tales." + log);
		}

		assertThat(responses)
			.allSatisfy((response) -> assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200));
		List<Long> committed = commits.stream().map((row) -> ((Number) row.get("micros")).longValue()).toList();
		assertThat(committed).hasSize(THREADS).isSorted().doesNotHaveDuplicates();
		List<String> answered = responses.stream()
			.sorted(Comparator.comparing((response) -> Instant.parse(jsonBody(response).get("updatedAt").asString())))
			.map((response) -> rating(response) + "@" + micros(response))
			.toList();
		assertThat(answered).containsExactlyElementsOf(commits.stream()
			.map((row) -> row.get("rating") + "@" + ((Number) row.get("micros")).longValue())
			.toList());
		EntityExchangeResult<String> last = responses.stream()
			.max(Comparator.comparing((response) -> Instant.parse(jsonBody(response).get("updatedAt").asString())))
			.orElseThrow();
		EntityExchangeResult<String> now = get("/stories/" + id);
		assertThat(jsonBody(now)).isEqualTo(jsonBody(last));
		assertThat(header(now, "ETag")).isEqualTo(header(last, "ETag"));
	}

	@Test
	void ofConcurrentRatingsFromOneReadExactlyOneWins() throws Exception {
		String id = createStory();
		String etag = header(get("/stories/" + id), "ETag").orElseThrow();

		List<EntityExchangeResult<String>> responses = concurrently(THREADS,
				(i) -> () -> putIfMatch("/stories/" + id + "/rating", "{\"rating\":" + (i % 10 + 1) + "}", etag));

		List<EntityExchangeResult<String>> won = responses.stream()
			.filter((response) -> response.getStatus().value() == 200)
			.toList();
		assertThat(won).hasSize(1);
		String winner = header(won.get(0), "ETag").orElseThrow();
		assertThat(responses).filteredOn((response) -> response.getStatus().value() != 200)
			.hasSize(THREADS - 1)
			.allSatisfy((lost) -> {
				Problems.assertProblem(lost, 412, "/stories/" + id + "/rating");
				assertThat(header(lost, "ETag")).hasValue(winner);
			});
		assertThat(jsonBody(get("/stories/" + id))).isEqualTo(jsonBody(won.get(0)));
	}

	@Test
	void ofConcurrentChildEditsFromOneReadExactlyOneWins() throws Exception {
		EntityExchangeResult<String> created = post("/children",
				"{\"name\":\"Contended\",\"age\":4,\"gender\":\"girl\",\"interests\":[]}");
		String id = jsonBody(created).get("id").asString();
		String etag = header(created, "ETag").orElseThrow();

		List<EntityExchangeResult<String>> responses = concurrently(16, (i) -> () -> putIfMatch("/children/" + id,
				"{\"name\":\"Editor " + i + "\",\"age\":5,\"gender\":\"girl\"}", etag));

		List<EntityExchangeResult<String>> won = responses.stream()
			.filter((response) -> response.getStatus().value() == 200)
			.toList();
		assertThat(won).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.getStatus().value() != 200)
			.hasSize(15)
			.allSatisfy((lost) -> assertThat(lost.getStatus().value()).isEqualTo(412));
		assertThat(jsonBody(get("/children/" + id))).isEqualTo(jsonBody(won.get(0)));
	}

	@Test
	void concurrentAudioUploadsLeaveOneConsistentNarrationAndNoOtherFiles() throws Exception {
		for (int round = 0; round < 5; round++) {
			String id = createStory();
			int uploads = 8;
			List<byte[]> contents = new ArrayList<>();
			for (int i = 0; i < uploads; i++) {
				contents.add(MediaSamples.mp3(20_000 + 1000 * i + round));
			}

			List<EntityExchangeResult<String>> responses = concurrently(uploads,
					(i) -> () -> postMultipart("/stories/" + id + "/audio",
							new Multipart().file("file", "take-" + i + ".mp3", "audio/mpeg", contents.get(i))
								.field("provider", "voice-" + i)
								.field("metadata", "{\"take\":" + i + "}")));

			assertThat(responses)
				.allSatisfy((response) -> assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200));
			JsonNode story = jsonBody(get("/stories/" + id));
			String url = story.get("audioFileUrl").asString();
			int take = story.get("audioGenerationMetadata").get("take").asInt();
			assertThat(java.net.URI.create(url).getPath()).endsWith("/stories/" + id + "/take-" + take + ".mp3");
			assertThat(story.get("audioProvider").asString()).isEqualTo("voice-" + take);
			assertThat(download(url)).isEqualTo(contents.get(take));
			assertThat(files(this.storageDirectory.resolve("tales/stories/" + id)))
				.containsExactly("take-" + take + ".mp3");
			assertThat(files(this.storageDirectory.resolve(".metadata/tales/stories/" + id)))
				.containsExactly("take-" + take + ".mp3");
		}
	}

	/**
	 * Runs {@code count} requests at once (released together by a barrier) and returns
	 * their responses in request order.
	 */
	private static List<EntityExchangeResult<String>> concurrently(int count,
			IntFunction<java.util.concurrent.Callable<EntityExchangeResult<String>>> requests) throws Exception {
		CyclicBarrier start = new CyclicBarrier(count);
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<EntityExchangeResult<String>>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				java.util.concurrent.Callable<EntityExchangeResult<String>> request = requests.apply(i);
				futures.add(pool.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			List<EntityExchangeResult<String>> responses = new ArrayList<>();
			for (Future<EntityExchangeResult<String>> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String createStory() {
		EntityExchangeResult<String> response = post("/stories",
				"{\"title\":\"Contended " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(response.getStatus().value()).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	private static int rating(EntityExchangeResult<String> response) {
		return jsonBody(response).get("rating").asInt();
	}

	private static long micros(EntityExchangeResult<String> response) {
		Instant updatedAt = Instant.parse(jsonBody(response).get("updatedAt").asString());
		return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
	}

	private byte[] download(String url) {
		return get(url).getResponseBodyContent();
	}

	private EntityExchangeResult<String> putIfMatch(String path, String json, String etag) {
		return this.client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.header("If-Match", etag)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipart(String path, Multipart form) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	/** The visible files of a folder (temporary uploads are hidden). */
	private static List<String> files(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> !name.startsWith("."))
				.sorted()
				.toList();
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

	private EntityExchangeResult<String> put(String path, String json) {
		return this.client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

}
