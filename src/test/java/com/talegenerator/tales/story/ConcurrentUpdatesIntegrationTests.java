package com.talegenerator.tales.story;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

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
		List<HttpApi.Response> responses;
		List<Map<String, Object>> commits;
		try {
			responses = concurrently(THREADS, (i) -> () -> this.api.exchange("PUT", "/stories/" + id + "/rating",
					"{\"rating\":" + (i % 10 + 1) + "}"));
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
			.allSatisfy((response) -> assertThat(response.status()).as(response.body()).isEqualTo(200));
		List<Long> committed = commits.stream().map((row) -> ((Number) row.get("micros")).longValue()).toList();
		assertThat(committed).hasSize(THREADS).isSorted().doesNotHaveDuplicates();
		List<String> answered = responses.stream()
			.sorted(Comparator.comparing((response) -> Instant.parse(response.json().get("updatedAt").asString())))
			.map((response) -> rating(response) + "@" + micros(response))
			.toList();
		assertThat(answered).containsExactlyElementsOf(commits.stream()
			.map((row) -> row.get("rating") + "@" + ((Number) row.get("micros")).longValue())
			.toList());
		HttpApi.Response last = responses.stream()
			.max(Comparator.comparing((response) -> Instant.parse(response.json().get("updatedAt").asString())))
			.orElseThrow();
		HttpApi.Response now = this.api.get("/stories/" + id);
		assertThat(now.json()).isEqualTo(last.json());
		assertThat(now.header("ETag")).isEqualTo(last.header("ETag"));
	}

	@Test
	void ofConcurrentRatingsFromOneReadExactlyOneWins() throws Exception {
		String id = createStory();
		String etag = this.api.get("/stories/" + id).header("ETag").orElseThrow();

		List<HttpApi.Response> responses = concurrently(THREADS, (i) -> () -> this.api.exchange("PUT",
				"/stories/" + id + "/rating", "{\"rating\":" + (i % 10 + 1) + "}", "If-Match", etag));

		List<HttpApi.Response> won = responses.stream().filter((response) -> response.status() == 200).toList();
		assertThat(won).hasSize(1);
		String winner = won.get(0).header("ETag").orElseThrow();
		assertThat(responses).filteredOn((response) -> response.status() != 200)
			.hasSize(THREADS - 1)
			.allSatisfy((lost) -> {
				Problems.assertProblem(lost, 412, "/stories/" + id + "/rating");
				assertThat(lost.header("ETag")).hasValue(winner);
			});
		assertThat(this.api.get("/stories/" + id).json()).isEqualTo(won.get(0).json());
	}

	@Test
	void ofConcurrentChildEditsFromOneReadExactlyOneWins() throws Exception {
		HttpApi.Response created = this.api.post("/children",
				"{\"name\":\"Contended\",\"age\":4,\"gender\":\"girl\",\"interests\":[]}");
		String id = created.json().get("id").asString();
		String etag = created.header("ETag").orElseThrow();

		List<HttpApi.Response> responses = concurrently(16, (i) -> () -> this.api.exchange("PUT", "/children/" + id,
				"{\"name\":\"Editor " + i + "\",\"age\":5,\"gender\":\"girl\"}", "If-Match", etag));

		List<HttpApi.Response> won = responses.stream().filter((response) -> response.status() == 200).toList();
		assertThat(won).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 200)
			.hasSize(15)
			.allSatisfy((lost) -> assertThat(lost.status()).isEqualTo(412));
		assertThat(this.api.get("/children/" + id).json()).isEqualTo(won.get(0).json());
	}

	@Test
	void concurrentAudioUploadsLeaveOneConsistentNarrationAndNoOtherFiles() throws Exception {
		for (int round = 0; round < 5; round++) {
			String id = createStory();
			int uploads = 8;
			List<byte[]> contents = new ArrayList<>();
			for (int i = 0; i < uploads; i++) {
				contents.add(StoryAudioIntegrationTests.randomBytes(20_000 + 1000 * i + round));
			}

			List<HttpApi.Response> responses = concurrently(uploads,
					(i) -> () -> this.api.postMultipart("/stories/" + id + "/audio",
							new Multipart().file("file", "take-" + i + ".mp3", "audio/mpeg", contents.get(i))
								.field("provider", "voice-" + i)
								.field("metadata", "{\"take\":" + i + "}")));

			assertThat(responses)
				.allSatisfy((response) -> assertThat(response.status()).as(response.body()).isEqualTo(200));
			JsonNode story = this.api.get("/stories/" + id).json();
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
	private static List<HttpApi.Response> concurrently(int count,
			IntFunction<java.util.concurrent.Callable<HttpApi.Response>> requests) throws Exception {
		CyclicBarrier start = new CyclicBarrier(count);
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<HttpApi.Response>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				java.util.concurrent.Callable<HttpApi.Response> request = requests.apply(i);
				futures.add(pool.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			List<HttpApi.Response> responses = new ArrayList<>();
			for (Future<HttpApi.Response> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String createStory() {
		HttpApi.Response response = this.api.post("/stories",
				"{\"title\":\"Contended " + UUID.randomUUID() + "\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(response.status()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private static int rating(HttpApi.Response response) {
		return response.json().get("rating").asInt();
	}

	private static long micros(HttpApi.Response response) {
		Instant updatedAt = Instant.parse(response.json().get("updatedAt").asString());
		return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
	}

	private byte[] download(String url) {
		return this.api.download(url, (body) -> {
			try {
				return body.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
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

}
