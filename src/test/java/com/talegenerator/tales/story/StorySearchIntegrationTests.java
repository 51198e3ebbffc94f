package com.talegenerator.tales.story;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.nextLink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * {@code GET /stories?q=}: each story found by the words of its title, moral and text in
 * any inflected form of its own language, with web-search syntax, combined with every
 * filter, {@code fields=} and the keyset pages. Each test acts as a family of its own, so
 * it finds only the stories it wrote (which is also what ownership means).
 */
class StorySearchIntegrationTests extends IntegrationTestSupport {

	@MockitoBean
	private CurrentCaller caller;

	private Caller family;

	@BeforeEach
	void actAsANewFamily() {
		this.family = Caller.user(UUID.randomUUID());
		given(this.caller.get()).willAnswer((invocation) -> this.family);
	}

	@Test
	void findsEachStoryInAnyFormOfItsOwnLanguagesWords() {
		String english = story("The keeper", "Two dragons slept under the old lighthouse.", "Be brave.", "en");
		String russian = story("Смотритель", "Драконы спали под старым маяком.", "Будь смелым.", "ru");
		String spanish = story("El guardián", "Los dragones dormían bajo el faro viejo.", "Sé valiente.", "es");

		// plural in the text, singular in the query, and back
		assertThat(search("dragon")).contains(english).doesNotContain(russian);
		assertThat(search("lighthouses")).containsExactly(english);
		// Russian: «драконы», «маяком» are found by their dictionary forms and other
		// cases
		assertThat(search("дракон")).containsExactly(russian);
		assertThat(search("драконов")).containsExactly(russian);
		assertThat(search("маяк")).containsExactly(russian);
		// Spanish: «dragones», «faro» found by «dragón» and «faros»
		assertThat(search("faros")).containsExactly(spanish);
		assertThat(search("dragón")).contains(spanish);
		// the title and the moral are searched too
		assertThat(search("keepers")).containsExactly(english);
		assertThat(search("смелый")).containsExactly(russian);
		assertThat(search("nothing-like-this")).isEmpty();
	}

	@Test
	void takesPhrasesExclusionsAndOr() {
		String old = story("Old", "A dragon lived by the old lighthouse.", "m", "en");
		String far = story("Far", "The lighthouse was old, and no dragon ever saw it.", "m", "en");
		String sea = story("Sea", "A sea serpent swam past.", "m", "en");

		assertThat(search("\"old lighthouse\"")).containsExactly(old);
		assertThat(search("lighthouse old")).containsExactly(far, old);
		assertThat(search("lighthouse -saw")).containsExactly(old);
		assertThat(search("serpent or \"old lighthouse\"")).containsExactly(sea, old);
		assertThat(search("serpent OR saw")).containsExactly(sea, far);
	}

	@Test
	void readsTheQueryOnlyInTheLanguageGiven() {
		// "dragons" stems to 'dragon' in English; in Russian it is a foreign word, read
		// as English too, so a Russian story with it is found either way
		String english = story("E", "Dragons everywhere.", "m", "en");
		String russian = story("R", "Здесь были dragons и драконы.", "m", "ru");
		String unstemmed = story("S", "Dragons everywhere.", "m", "ja");

		assertThat(search("dragon")).containsExactly(russian, english);
		assertThat(search("dragons")).containsExactly(unstemmed, russian, english);
		assertThat(ids("/stories?language=en&q=dragon")).containsExactly(english);
		assertThat(ids("/stories?language=ja&q=dragons")).containsExactly(unstemmed);
		// a language without a configuration of its own is read without stemming
		assertThat(ids("/stories?language=ja&q=dragon")).isEmpty();
		assertThat(ids("/stories?language=ru&q=" + encode("дракон"))).containsExactly(russian);
	}

	@Test
	void combinesWithEveryFilter() {
		String childId = jsonBody(post("/children", json(Map.of("name", "Searcher", "age", 7, "gender", "girl"))))
			.get("id")
			.asString();
		String a = story(Map.of("title", "A", "content", "A dragon.", "moral", "m", "language", "ru", "rating", 9,
				"childId", childId));
		String b = story(Map.of("title", "B", "content", "A dragon.", "moral", "m", "language", "ru", "rating", 4,
				"childName", "Searcher"));
		String c = story(Map.of("title", "C", "content", "A dragon.", "moral", "m", "language", "es", "rating", 5,
				"childName", "Searcher"));
		story(Map.of("title", "D", "content", "A unicorn.", "moral", "m", "language", "ru", "rating", 9, "childId",
				childId));

		assertThat(ids("/stories?q=dragon")).containsExactly(c, b, a);
		assertThat(ids("/stories?q=dragon&childId=" + childId)).containsExactly(a);
		assertThat(ids("/stories?q=dragon&childName=Searcher")).containsExactly(c, b, a);
		assertThat(ids("/stories?q=dragon&language=ru")).containsExactly(b, a);
		assertThat(ids("/stories?q=dragon&minRating=5")).containsExactly(c, a);
		assertThat(ids("/stories?q=dragon&childName=Searcher&childId=" + childId + "&language=ru&minRating=5"))
			.containsExactly(a);

		JsonNode sparse = jsonBody(get("/stories?q=dragon&language=es&fields=id,title"));
		assertThat(sparse).hasSize(1);
		assertThat(sparse.get(0).propertyNames()).containsExactly("id", "title");
		assertThat(sparse.get(0).get("id").asString()).isEqualTo(c);
	}

	@Test
	void pagesThroughTheResultsNewestFirst() {
		List<String> found = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			found.add(0, story("P" + i, "Page " + i + " of the lighthouse book.", "m", "en"));
			story("N" + i, "Page " + i + " of another book.", "m", "en");
		}

		for (String fields : List.of("", "&fields=id,createdAt")) {
			List<String> seen = new ArrayList<>();
			String next = "/stories?q=lighthouse&limit=3" + fields;
			int pages = 0;
			while (next != null) {
				EntityExchangeResult<String> page = get(next);
				assertThat(page.getStatus().value()).isEqualTo(200);
				jsonBody(page).forEach((story) -> seen.add(story.get("id").asString()));
				next = nextLink(page).orElse(null);
				assertThat(next == null || next.contains("q=lighthouse")).as(next).isTrue();
				pages++;
			}
			assertThat(pages).isEqualTo(3);
			assertThat(seen).containsExactlyElementsOf(found);
		}
	}

	@Test
	void aFamilyFindsOnlyItsOwnStories() {
		String ours = story("Ours", "The dragon of the lighthouse.", "m", "en");
		Caller we = this.family;
		this.family = Caller.user(UUID.randomUUID());
		String theirs = story("Theirs", "The dragon of the lighthouse.", "m", "en");

		assertThat(search("dragon lighthouse")).containsExactly(theirs);
		this.family = we;
		assertThat(search("dragon lighthouse")).containsExactly(ours);
		this.family = Caller.BACK_OFFICE;
		assertThat(ids("/stories?limit=500&q=" + encode("dragon lighthouse"))).contains(theirs, ours);
	}

	@Test
	void anEditedStoryIsFoundByItsNewWordsAndARatingKeepsItsWords() {
		String id = story("Before", "A quiet owl.", "m", "en");
		this.jdbc.update("UPDATE tales.stories SET content = 'A loud parrot.' WHERE id = ?::uuid", id);

		assertThat(search("owl")).isEmpty();
		assertThat(search("parrots")).containsExactly(id);
		assertThat(this.client.put()
			.uri("/stories/" + id + "/rating")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"rating\":7}")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value()).isEqualTo(200);
		assertThat(search("parrots")).containsExactly(id);
	}

	@Test
	void aBlankQueryIsNoSearchAndAQueryOfStopWordsFindsNothing() {
		String id = story("Blank", "The end.", "m", "en");

		assertThat(ids("/stories?q=")).containsExactly(id);
		assertThat(ids("/stories?q=%20%20")).containsExactly(id);
		assertThat(ids("/stories?language=en&q=the")).isEmpty();
	}

	@Test
	void refusesAQueryOverTwoHundredCharactersOrWithNul() {
		String id = story("Long", "x".repeat(10), "m", "en");

		assertThat(search("x".repeat(10) + " " + "y".repeat(189))).isEmpty();
		assertThat(search("x".repeat(200))).isEmpty();
		Problems.assertInvalidFields(get("/stories?q=" + "x".repeat(201)), "/stories", "q");
		Problems.assertInvalidFields(get("/stories?q=" + encode("я".repeat(201))), "/stories", "q");
		Problems.assertInvalidFields(get("/stories?q=a%00b"), "/stories", "q");
		assertThat(search("x".repeat(10))).containsExactly(id);
	}

	@Test
	void answersHostileQueriesWithResults() {
		String id = story("Hostile", "A dragon's hoard: gold & silver!", "m", "en");

		for (String query : List.of("'", "\"", "\"\"", "\\", "\\\\'", "dragon'", "dragon & gold", "dragon | gold",
				"!dragon", "dragon <-> gold", "dragon:*", "(dragon", "dragon)", "-", "--dragon", "or", "or or",
				"dragon or", "\"dragon", ":", "&|!<->()", "'; DROP TABLE tales.stories; --", "%", "_", "*", "ñ",
				"\uD83D\uDC09", "gold:A", "dragon:B gold")) {
			EntityExchangeResult<String> result = get("/stories?q=" + encode(query));
			assertThat(result.getStatus().value()).as(query).isEqualTo(200);
			assertThat(jsonBody(result).isArray()).as(query).isTrue();
		}
		assertThat(search("dragon & gold")).containsExactly(id);
		assertThat(search("'; DROP TABLE tales.stories; --")).isEmpty();
	}

	// ------------------------------------------------------------------ helpers

	private String story(String title, String content, String moral, String language) {
		return story(Map.of("title", title, "content", content, "moral", moral, "language", language));
	}

	private String story(Map<String, Object> fields) {
		EntityExchangeResult<String> created = post("/stories", json(new HashMap<>(fields)));
		assertThat(created.getStatus().value()).as(created.getResponseBodyContent() == null ? ""
				: new String(created.getResponseBodyContent(), StandardCharsets.UTF_8))
			.isEqualTo(201);
		return jsonBody(created).get("id").asString();
	}

	private List<String> search(String query) {
		return ids("/stories?q=" + encode(query));
	}

	private List<String> ids(String path) {
		EntityExchangeResult<String> result = get(path);
		assertThat(result.getStatus().value()).as(path).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		jsonBody(result).forEach((story) -> ids.add(story.get("id").asString()));
		return ids;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

}
