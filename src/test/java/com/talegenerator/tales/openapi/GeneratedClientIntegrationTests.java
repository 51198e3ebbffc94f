package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.client.ApiClient;
import com.talegenerator.tales.client.api.ChildrenApi;
import com.talegenerator.tales.client.api.StoriesApi;
import com.talegenerator.tales.client.model.Child;
import com.talegenerator.tales.client.model.ChildRequest;
import com.talegenerator.tales.client.model.PartialStory;
import com.talegenerator.tales.client.model.Problem;
import com.talegenerator.tales.client.model.RatingRequest;
import com.talegenerator.tales.client.model.Story;
import com.talegenerator.tales.client.model.StoryRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.web.client.RestClientResponseException;

import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The service driven through the Java client that openapi-generator makes from
 * {@code docs/openapi.json} in this build (Spring's RestClient library), as a team that
 * only reads the description would use it. It also keeps a few real responses in
 * {@code target/api-responses} for the TypeScript check, which types them with the
 * description's types.
 */
class GeneratedClientIntegrationTests extends IntegrationTestSupport {

	static final Path RESPONSES = Path.of("target/api-responses");

	@LocalServerPort
	private int port;

	private ChildrenApi children;

	private StoriesApi stories;

	@BeforeEach
	void generatedClient() {
		ApiClient client = new ApiClient();
		client.setBasePath("http://127.0.0.1:" + this.port);
		this.children = new ChildrenApi(client);
		this.stories = new StoriesApi(client);
	}

	@Test
	void createsAChildAndAStoryForIt() {
		ResponseEntity<Child> created = this.children.createChildWithHttpInfo(
				new ChildRequest().name("Alice").age(6).gender("girl").interests(List.of("dragons", "space")), null);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		Child child = created.getBody();
		assertThat(child.getInterests()).containsExactly("dragons", "space");
		assertThat(created.getHeaders().getLocation()).hasToString(base() + "/children/" + child.getId());

		Story story = this.stories.createStory(new StoryRequest().title("The Brave Little Dragon")
			.content("Once upon a time…")
			.moral("Courage grows when shared.")
			.childId(child.getId())
			.language("en")
			.fullResponse(Map.of("choices", List.of(Map.of("text", "Once upon a time…")))), null);

		assertThat(story.getChildId()).isEqualTo(child.getId());
		assertThat(story.getChildName()).isEqualTo("Alice");
		assertThat(story.getRating()).isNull();
		assertThat(story.getFullResponse()).isEqualTo(Map.of("choices", List.of(Map.of("text", "Once upon a time…"))));
	}

	@Test
	void createsAStoryWithANewChildAndRatesIt() {
		Story story = this.stories.createStory(new StoryRequest().title("Сказка о звёздах")
			.content("Жили-были…")
			.moral("Дружба сильнее.")
			.language("ru")
			.child(new ChildRequest().name("Misha").age(5).gender("boy").interests(List.of("stars"))), null);

		assertThat(story.getChildId()).isNotNull();
		assertThat(this.children.getChild(story.getChildId(), null).getName()).isEqualTo("Misha");

		Story rated = this.stories.rateStory(story.getId(), new RatingRequest().rating(9), null);

		assertThat(rated.getRating()).isEqualTo(9);
		assertThat(rated.getUpdatedAt()).isAfterOrEqualTo(story.getUpdatedAt());
	}

	@Test
	void followsTheNextLinkThroughEveryPage() {
		String childName = "Pager " + UUID.randomUUID();
		List<UUID> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(this.stories.createStory(
					new StoryRequest().title("Page " + i).content("Text").moral("Moral").childName(childName), null)
				.getId());
		}

		List<UUID> listed = new ArrayList<>();
		String after = null;
		do {
			ResponseEntity<List<PartialStory>> page = this.stories.listStoriesWithHttpInfo(childName, null, null, null,
					null, 2, after, List.of("id", "title"));
			page.getBody().forEach((story) -> listed.add(story.getId()));
			assertThat(page.getBody()).allSatisfy((story) -> assertThat(story.getContent()).isNull());
			after = nextCursor(page.getHeaders().get("Link"));
		}
		while (after != null);

		Collections.reverse(created);
		assertThat(listed).as("newest first").containsExactlyElementsOf(created);
	}

	@Test
	void uploadsAudioAndIsRedirectedToIt() throws IOException {
		Story story = this.stories
			.createStory(new StoryRequest().title("Night sounds").content("Listen…").moral("Rest well."), null);
		Path audio = Files.createTempFile("bedtime", ".mp3");
		byte[] bytes = MediaSamples.mp3(4096);
		Files.write(audio, bytes);

		Story narrated = this.stories.uploadStoryAudio(story.getId(), audio.toFile(), null, null, "elevenlabs",
				"{\"voice\":\"Rachel\"}");

		assertThat(narrated.getAudioProvider()).isEqualTo("elevenlabs");
		assertThat(narrated.getAudioGenerationMetadata()).isEqualTo(Map.of("voice", "Rachel"));
		assertThat(narrated.getAudioFileUrl()).contains("/stories/" + story.getId() + "/");
		ResponseEntity<Void> redirect = this.stories.getStoryAudioWithHttpInfo(story.getId());
		assertThat(redirect.getStatusCode()).isEqualTo(HttpStatus.FOUND);
		assertThat(redirect.getHeaders().getLocation()).hasToString(narrated.getAudioFileUrl());
		assertThat(this.client.get()
			.uri(URI.create(narrated.getAudioFileUrl()))
			.exchange()
			.returnResult(byte[].class)
			.getResponseBody()).isEqualTo(bytes);
	}

	@Test
	void retriesACreateWithItsIdempotencyKey() {
		String key = UUID.randomUUID().toString();
		StoryRequest request = new StoryRequest().title("Retried " + key).content("Text").moral("Moral");

		ResponseEntity<Story> first = this.stories.createStoryWithHttpInfo(request, key);
		ResponseEntity<Story> retry = this.stories.createStoryWithHttpInfo(request, key);

		assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.getBody().getId()).isEqualTo(first.getBody().getId());
		assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
	}

	@Test
	void readsErrorsAsProblems() {
		RestClientResponseException invalid = catchThrowableOfType(RestClientResponseException.class,
				() -> this.children.createChild(new ChildRequest().name(" ").age(30).gender("girl"), null));
		Problem problem = problem(invalid);
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getErrors()).extracting("field").containsExactlyInAnyOrder("name", "age");

		RestClientResponseException missing = catchThrowableOfType(RestClientResponseException.class,
				() -> this.stories.getStory(UUID.randomUUID(), null));
		assertThat(problem(missing).getStatus()).isEqualTo(404);

		RestClientResponseException unknownChild = catchThrowableOfType(RestClientResponseException.class,
				() -> this.stories.createStory(
						new StoryRequest().title("Orphan").content("Text").moral("Moral").childId(UUID.randomUUID()),
						null));
		assertThat(problem(unknownChild).getStatus()).isEqualTo(422);
		assertThat(problem(unknownChild).getErrors()).extracting("field").containsExactly("childId");
	}

	/**
	 * Real responses for clients/typescript/usage.ts, which assigns them to the
	 * description's TypeScript types: a field the types get wrong fails the type check.
	 */
	@Test
	void keepsRealResponsesForTheTypeScriptCheck() throws IOException {
		Files.createDirectories(RESPONSES);
		EntityExchangeResult<String> child = post("/children",
				json(Map.of("name", "Alice", "age", 6, "gender", "girl", "interests", List.of("dragons"))));
		String childId = jsonBody(child).get("id").asString();
		EntityExchangeResult<String> story = post("/stories",
				json(Map.of("title", "The Brave Little Dragon", "content", "Once upon a time…", "moral",
						"Courage grows when shared.", "childId", childId, "language", "en", "modelUsed", "gpt-4o-mini",
						"fullResponse", Map.of("choices", List.of(Map.of("text", "Once…"))))));
		EntityExchangeResult<String> unrated = post("/stories",
				json(Map.of("title", "Untold", "content", "Text", "moral", "Moral")));
		EntityExchangeResult<String> hero = post("/heroes", json(Map.of("name", "Captain Whiskers", "gender", "male",
				"appearance", "A ginger cat in a tiny blue cape", "personalityTraits", List.of("brave"))));
		Map<String, EntityExchangeResult<String>> responses = Map.of("child.json", child, "story.json", story,
				"story-without-child.json", unrated, "hero.json", hero, "stories-page.json", get("/stories?limit=2"),
				"story-fields.json", get("/stories?limit=2&fields=id,title"), "stats.json", get("/stats"),
				"problem.json", post("/children", json(Map.of("name", "", "age", 30))), "health.json", get("/health"));
		for (Map.Entry<String, EntityExchangeResult<String>> response : responses.entrySet()) {
			assertThat(response.getValue().getStatus().value()).as(response.getKey()).isLessThan(500);
			Files.writeString(RESPONSES.resolve(response.getKey()), response.getValue().getResponseBody());
		}
		try (var written = Files.list(RESPONSES)) {
			assertThat(written).hasSizeGreaterThanOrEqualTo(responses.size());
		}
	}

	/** The {@code after} cursor of the {@code Link} header's next page, if any. */
	private static @Nullable String nextCursor(@Nullable List<String> links) {
		if (links == null || links.isEmpty()) {
			return null;
		}
		String link = links.get(0);
		URI next = URI.create(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
		for (String parameter : next.getRawQuery().split("&")) {
			if (parameter.startsWith("after=")) {
				return URLDecoder.decode(parameter.substring("after=".length()), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("No cursor in " + link);
	}

	private static Problem problem(RestClientResponseException ex) {
		Problem problem = ex.getResponseBodyAs(Problem.class);
		assertThat(problem).as(ex.getResponseBodyAsString()).isNotNull();
		return problem;
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

}
