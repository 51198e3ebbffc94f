package com.talegenerator.tales.child;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.nextLink;
import static com.talegenerator.tales.Exchanges.origin;
import static com.talegenerator.tales.Problems.assertInvalidFields;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ChildIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsAndReadsAChild() {
		EntityExchangeResult<String> created = post("/children",
				"{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"dragons\",\"space\"]}");
		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode child = jsonBody(created);
		String id = child.get("id").asString();
		assertThat(header(created, "Location")).hasValue(origin(created) + "/children/" + id);
		assertThat(child.get("interests").toString()).isEqualTo("[\"dragons\",\"space\"]");

		EntityExchangeResult<String> read = get("/children/" + id);
		assertThat(read.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(read)).isEqualTo(child);
	}

	@Test
	void returnsEveryFieldOfACreatedChild() {
		Instant before = Instant.now().minusSeconds(1);

		EntityExchangeResult<String> created = post("/children",
				json(child("Bob", 7, "boy", List.of("trains", "owls", "rain"))));

		assertThat(created.getStatus().value()).isEqualTo(201);
		assertThat(header(created, "Content-Type")).hasValueSatisfying((type) -> assertThat(type).contains("json"));
		JsonNode child = jsonBody(created);
		assertThat(child.propertyNames()).containsExactlyInAnyOrder("id", "name", "age", "gender", "interests",
				"createdAt", "updatedAt");
		assertThat(UUID.fromString(child.get("id").asString())).isNotNull();
		assertThat(child.get("name").asString()).isEqualTo("Bob");
		assertThat(child.get("age").asInt()).isEqualTo(7);
		assertThat(child.get("gender").asString()).isEqualTo("boy");
		assertThat(strings(child.get("interests"))).containsExactly("trains", "owls", "rain");
		Instant createdAt = Instant.parse(child.get("createdAt").asString());
		assertThat(createdAt).isAfter(before).isBefore(Instant.now().plusSeconds(1));
		assertThat(child.get("updatedAt").asString()).isEqualTo(child.get("createdAt").asString());
		assertThat(child.get("createdAt").asString()).endsWith("Z");
	}

	@Test
	void storesWhatItReturns() {
		JsonNode child = create(child("Dora", 5, "girl", List.of("maps")));

		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT name, age, gender, array_to_string(interests, ',') AS interests, created_at, updated_at"
						+ " FROM tales.children WHERE id = ?",
				UUID.fromString(child.get("id").asString()));

		assertThat(row).containsEntry("name", "Dora").containsEntry("age", 5).containsEntry("gender", "girl");
		assertThat(row).containsEntry("interests", "maps");
		assertThat(((Timestamp) row.get("created_at")).toInstant())
			.isEqualTo(Instant.parse(child.get("createdAt").asString()));
		assertThat(((Timestamp) row.get("updated_at")).toInstant())
			.isEqualTo(Instant.parse(child.get("updatedAt").asString()));
	}

	@Test
	void defaultsMissingInterestsToAnEmptyList() {
		EntityExchangeResult<String> created = post("/children", "{\"name\":\"Cleo\",\"age\":3,\"gender\":\"girl\"}");

		assertThat(created.getStatus().value()).isEqualTo(201);
		assertThat(jsonBody(created).get("interests").isArray()).isTrue();
		assertThat(jsonBody(created).get("interests").size()).isZero();
		assertThat(jsonBody(get("/children/" + jsonBody(created).get("id").asString())).get("interests").size())
			.isZero();
	}

	@Test
	void treatsNullInterestsAsNone() {
		EntityExchangeResult<String> created = post("/children",
				"{\"name\":\"Cleo\",\"age\":3,\"gender\":\"girl\",\"interests\":null}");

		assertThat(created.getStatus().value()).isEqualTo(201);
		assertThat(jsonBody(created).get("interests").isArray()).isTrue();
		assertThat(jsonBody(created).get("interests").size()).isZero();
	}

	@Test
	void ignoresServerSetFieldsSentInTheBody() {
		String sentId = UUID.randomUUID().toString();
		Map<String, Object> body = child("Eve", 9, "girl", List.of("chess"));
		body.put("id", sentId);
		body.put("createdAt", "2001-02-03T04:05:06Z");
		body.put("updatedAt", "2002-02-03T04:05:06Z");
		Instant before = Instant.now().minusSeconds(1);

		EntityExchangeResult<String> created = post("/children", json(body));

		assertThat(created.getStatus().value()).isEqualTo(201);
		JsonNode child = jsonBody(created);
		assertThat(child.get("id").asString()).isNotEqualTo(sentId);
		assertThat(Instant.parse(child.get("createdAt").asString())).isAfter(before);
		assertThat(Instant.parse(child.get("updatedAt").asString())).isAfter(before);
		assertThat(get("/children/" + sentId).getStatus().value()).isEqualTo(404);
		assertThat(get("/children/" + child.get("id").asString()).getStatus().value()).isEqualTo(200);
	}

	@Test
	void returns404ForAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		JsonNode problem = assertProblem(get("/children/" + id), 404, "/children/" + id);

		assertThat(problem.get("detail").asString()).contains(id);
	}

	@Test
	void listsChildrenWithExactlyTheFilteredName() {
		String name = "Filtered " + UUID.randomUUID();
		JsonNode first = create(child(name, 4, "boy", List.of()));
		JsonNode second = create(child(name, 5, "girl", List.of()));
		create(child(name + "x", 6, "girl", List.of()));
		create(child(name.toUpperCase(), 6, "girl", List.of()));
		create(child(name.substring(0, name.length() - 1), 6, "girl", List.of()));

		EntityExchangeResult<String> list = get("/children?name=" + encode(name));

		assertThat(list.getStatus().value()).isEqualTo(200);
		assertThat(nextLink(list)).isEmpty();
		assertThat(ids(jsonBody(list))).containsExactly(id(second), id(first));
		for (JsonNode child : jsonBody(list)) {
			assertThat(child.get("name").asString()).isEqualTo(name);
		}
	}

	@Test
	void listsAnUnknownNameAsAnEmptyArray() {
		EntityExchangeResult<String> list = get("/children?name=" + encode("Nobody " + UUID.randomUUID()));

		assertThat(list.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(list).isArray()).isTrue();
		assertThat(jsonBody(list).size()).isZero();
		assertThat(nextLink(list)).isEmpty();
	}

	@Test
	void listsChildrenNewestFirst() {
		String name = "Newest " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			created.add(id(create(child(name, i, "girl", List.of()))));
		}
		Collections.reverse(created);

		JsonNode list = jsonBody(get("/children?name=" + encode(name)));

		assertThat(ids(list)).containsExactlyElementsOf(created);
		List<Instant> times = new ArrayList<>();
		list.forEach((child) -> times.add(Instant.parse(child.get("createdAt").asString())));
		assertThat(times).isSortedAccordingTo(Collections.reverseOrder());
	}

	@Test
	void listsAllChildrenNewestFirstWithoutAFilter() {
		String newest = id(create(child("Unfiltered " + UUID.randomUUID(), 8, "boy", List.of())));

		JsonNode list = jsonBody(get("/children?limit=500"));

		assertThat(list.size()).isGreaterThanOrEqualTo(1);
		assertThat(id(list.get(0))).isEqualTo(newest);
	}

	@Test
	void ordersChildrenCreatedAtTheSameTimeByIdDescending() {
		String name = "Same time " + UUID.randomUUID();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.jdbc.queryForObject(
					"INSERT INTO tales.children (name, age, gender, created_at, updated_at)"
							+ " VALUES (?, 5, 'girl', '2020-01-01T00:00:00.000001Z', now()) RETURNING id",
					UUID.class, name));
		}
		List<String> expected = new ArrayList<>(ids.stream().map(UUID::toString).toList());
		// PostgreSQL compares uuids byte by byte, as the canonical text compares
		expected.sort(Collections.reverseOrder());

		List<String> listed = new ArrayList<>();
		String next = "/children?limit=2&name=" + encode(name);
		while (next != null) {
			EntityExchangeResult<String> page = get(next);
			assertThat(page.getStatus().value()).isEqualTo(200);
			listed.addAll(ids(jsonBody(page)));
			next = nextLink(page).orElse(null);
		}

		assertThat(listed).containsExactlyElementsOf(expected);
	}

	@Test
	void followsTheNextLinkAcrossPagesUntilTheLast() {
		// a space, an ampersand and a non-ASCII letter: the filter must survive the Link
		String name = "Pages & Zoë " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(id(create(child(name, i % 19, "boy", List.of("page " + i)))));
		}
		Collections.reverse(created);

		List<String> listed = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		String next = "/children?name=" + encode(name) + "&limit=3";
		EntityExchangeResult<String> page = null;
		while (next != null) {
			page = get(next);
			assertThat(page.getStatus().value()).isEqualTo(200);
			pageSizes.add(jsonBody(page).size());
			listed.addAll(ids(jsonBody(page)));
			next = nextLink(page).orElse(null);
			if (next != null) {
				assertThat(next).startsWith(origin(page) + "/children?").contains("after=").contains("limit=3");
				assertThat(header(page, "Link")).hasValue("<" + next + ">; rel=\"next\"");
			}
			assertThat(pageSizes).hasSizeLessThanOrEqualTo(4);
		}

		assertThat(pageSizes).containsExactly(3, 3, 1);
		assertThat(listed).containsExactlyElementsOf(created);
		assertThat(new HashSet<>(listed)).hasSize(7);
		assertThat(header(page, "Link")).isEmpty();
	}

	@Test
	void sendsNoNextLinkWhenThePageHoldsTheLastRowExactly() {
		String name = "Exact " + UUID.randomUUID();
		for (int i = 0; i < 4; i++) {
			create(child(name, 10, "girl", List.of()));
		}

		EntityExchangeResult<String> full = get("/children?limit=4&name=" + encode(name));
		EntityExchangeResult<String> partial = get("/children?limit=3&name=" + encode(name));

		assertThat(jsonBody(full).size()).isEqualTo(4);
		assertThat(header(full, "Link")).isEmpty();
		assertThat(jsonBody(partial).size()).isEqualTo(3);
		assertThat(nextLink(partial)).isPresent();
		EntityExchangeResult<String> last = get(nextLink(partial).get());
		assertThat(jsonBody(last).size()).isEqualTo(1);
		assertThat(header(last, "Link")).isEmpty();
	}

	@Test
	void defaultsToPagesOfFifty() {
		String name = "Default page " + UUID.randomUUID();
		for (int i = 0; i < 51; i++) {
			this.jdbc.update("INSERT INTO tales.children (name, age, gender) VALUES (?, 5, 'boy')", name);
		}

		EntityExchangeResult<String> first = get("/children?name=" + encode(name));

		assertThat(jsonBody(first).size()).isEqualTo(50);
		assertThat(nextLink(first)).isPresent();
		assertThat(jsonBody(get(nextLink(first).get())).size()).isEqualTo(1);
	}

	@Test
	void replacesTheEditableFields() {
		JsonNode original = create(child("Finn", 4, "boy", List.of("boats")));
		String id = id(original);

		EntityExchangeResult<String> replaced = put("/children/" + id,
				json(child("Finnegan", 5, "non-binary", List.of("stars", "frogs"))));

		assertThat(replaced.getStatus().value()).isEqualTo(200);
		JsonNode child = jsonBody(replaced);
		assertThat(child.get("id").asString()).isEqualTo(id);
		assertThat(child.get("name").asString()).isEqualTo("Finnegan");
		assertThat(child.get("age").asInt()).isEqualTo(5);
		assertThat(child.get("gender").asString()).isEqualTo("non-binary");
		assertThat(strings(child.get("interests"))).containsExactly("stars", "frogs");
		assertThat(child.get("createdAt").asString()).isEqualTo(original.get("createdAt").asString());
		assertThat(Instant.parse(child.get("updatedAt").asString()))
			.isAfter(Instant.parse(original.get("updatedAt").asString()));
		assertThat(jsonBody(get("/children/" + id))).isEqualTo(child);
	}

	@Test
	void replacesMissingInterestsWithNone() {
		String id = id(create(child("Gus", 4, "boy", List.of("boats"))));

		EntityExchangeResult<String> replaced = put("/children/" + id,
				"{\"name\":\"Gus\",\"age\":4,\"gender\":\"boy\"}");

		assertThat(replaced.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(replaced).get("interests").size()).isZero();
	}

	@Test
	void acceptsBackWhatItReturnedOnReplace() {
		JsonNode original = create(child("Hana", 6, "girl", List.of("kites")));
		String id = id(original);
		String body = original.toString().replace("\"Hana\"", "\"Hanna\"");

		EntityExchangeResult<String> replaced = put("/children/" + id, body);

		assertThat(replaced.getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(replaced).get("name").asString()).isEqualTo("Hanna");
		assertThat(jsonBody(replaced).get("createdAt")).isEqualTo(original.get("createdAt"));
	}

	@Test
	void returns404ForReplacingAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		assertProblem(put("/children/" + id, json(child("Ivy", 3, "girl", List.of()))), 404, "/children/" + id);
		assertThat(get("/children/" + id).getStatus().value()).isEqualTo(404);
	}

	@Test
	void validatesAReplacement() {
		String id = id(create(child("Jon", 3, "boy", List.of())));

		assertInvalidFields(put("/children/" + id, json(child("Jon", 19, "boy", List.of()))), "/children/" + id, "age");
		assertThat(jsonBody(get("/children/" + id)).get("age").asInt()).isEqualTo(3);
	}

	@Test
	void deletesAChild() {
		String id = id(create(child("Kai", 8, "boy", List.of())));

		EntityExchangeResult<String> deleted = delete("/children/" + id);

		assertThat(deleted.getStatus().value()).isEqualTo(204);
		assertThat(deleted.getResponseBodyContent()).isEmpty();
		assertProblem(get("/children/" + id), 404, "/children/" + id);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE id = ?", Integer.class,
				UUID.fromString(id)))
			.isZero();
	}

	@Test
	void returns404ForDeletingAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		assertProblem(delete("/children/" + id), 404, "/children/" + id);
	}

	@Test
	void returns404ForDeletingAChildTwice() {
		String id = id(create(child("Lea", 8, "girl", List.of())));

		assertThat(delete("/children/" + id).getStatus().value()).isEqualTo(204);
		assertProblem(delete("/children/" + id), 404, "/children/" + id);
	}

	@Test
	void acceptsTheBoundariesOfEveryRule() {
		List<String> interests = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			interests.add(("interest " + i + " ").repeat(20).substring(0, 100));
		}

		assertThat(post("/children", json(child("N".repeat(100), 0, "g".repeat(32), interests))).getStatus().value())
			.isEqualTo(201);
		assertThat(post("/children", json(child("N", 18, "g", List.of("x")))).getStatus().value()).isEqualTo(201);
		assertThat(post("/children", json(child("Zoë 🐉", 18, "girl", List.of("🚀")))).getStatus().value())
			.isEqualTo(201);
	}

	@Test
	void rejectsABlankName() {
		assertInvalidFields(post(child("   ", 5, "girl", List.of())), "/children", "name");
		assertInvalidFields(post(child("", 5, "girl", List.of())), "/children", "name");
	}

	@Test
	void rejectsAMissingName() {
		assertInvalidFields(post("/children", "{\"age\":5,\"gender\":\"girl\"}"), "/children", "name");
	}

	@Test
	void rejectsANameOf101Characters() {
		assertInvalidFields(post(child("N".repeat(101), 5, "girl", List.of())), "/children", "name");
	}

	@Test
	void rejectsANegativeAge() {
		assertInvalidFields(post(child("Max", -1, "boy", List.of())), "/children", "age");
	}

	@Test
	void rejectsAnAgeOf19() {
		assertInvalidFields(post(child("Max", 19, "boy", List.of())), "/children", "age");
	}

	@Test
	void rejectsAMissingAge() {
		assertInvalidFields(post("/children", "{\"name\":\"Max\",\"gender\":\"boy\"}"), "/children", "age");
		assertInvalidFields(post("/children", "{\"name\":\"Max\",\"age\":null,\"gender\":\"boy\"}"), "/children",
				"age");
	}

	@Test
	void rejectsAGenderOf33Characters() {
		assertInvalidFields(post(child("Max", 5, "g".repeat(33), List.of())), "/children", "gender");
	}

	@Test
	void rejectsABlankOrMissingGender() {
		assertInvalidFields(post(child("Max", 5, "", List.of())), "/children", "gender");
		assertInvalidFields(post("/children", "{\"name\":\"Max\",\"age\":5}"), "/children", "gender");
	}

	@Test
	void rejects51Interests() {
		List<String> interests = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			interests.add("interest " + i);
		}

		assertInvalidFields(post(child("Max", 5, "boy", interests)), "/children", "interests");
	}

	@Test
	void rejectsAnInterestOf101Characters() {
		assertInvalidFields(post(child("Max", 5, "boy", List.of("i".repeat(101)))), "/children", "interests[0]");
		assertInvalidFields(post(child("Max", 5, "boy", List.of("ok", "fine", "i".repeat(101)))), "/children",
				"interests[2]");
	}

	@Test
	void rejectsAnEmptyInterest() {
		assertInvalidFields(post(child("Max", 5, "boy", List.of(""))), "/children", "interests[0]");
	}

	@Test
	void rejectsANullInterest() {
		assertInvalidFields(post("/children", "{\"name\":\"Max\",\"age\":5,\"gender\":\"boy\",\"interests\":[null]}"),
				"/children", "interests[0]");
	}

	@Test
	void namesEveryInvalidFieldAtOnce() {
		assertInvalidFields(post(child("", 19, "g".repeat(33), List.of(""))), "/children", "name", "age", "gender",
				"interests[0]");
	}

	@Test
	void storesNothingForAnInvalidChild() {
		String name = "Invalid " + UUID.randomUUID();

		assertThat(post(child(name, 19, "boy", List.of())).getStatus().value()).isEqualTo(400);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name = ?", Integer.class, name))
			.isZero();
	}

	@Test
	void maintainsUpdatedAtForDirectSqlUpdates() {
		JsonNode child = create(child("Otto", 6, "boy", List.of()));
		UUID id = UUID.fromString(id(child));
		Instant updatedAt = Instant.parse(child.get("updatedAt").asString());

		this.jdbc.update("UPDATE tales.children SET name = 'Otto II' WHERE id = ?", id);

		JsonNode read = jsonBody(get("/children/" + id));
		assertThat(read.get("name").asString()).isEqualTo("Otto II");
		assertThat(Instant.parse(read.get("updatedAt").asString())).isAfter(updatedAt);
		assertThat(read.get("createdAt")).isEqualTo(child.get("createdAt"));
	}

	@Test
	void keepsAnUpdatedAtThatTheUpdateSetsItself() {
		UUID id = UUID.fromString(id(create(child("Pia", 6, "girl", List.of()))));
		Instant chosen = Instant.parse("2030-01-02T03:04:05.123456Z");

		this.jdbc.update("UPDATE tales.children SET name = 'Pia II', updated_at = ? WHERE id = ?",
				Timestamp.from(chosen), id);

		assertThat(Instant.parse(jsonBody(get("/children/" + id)).get("updatedAt").asString())).isEqualTo(chosen);
	}

	private EntityExchangeResult<String> post(Map<String, Object> child) {
		return post("/children", json(child));
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

	private EntityExchangeResult<String> delete(String path) {
		return this.client.delete().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private JsonNode create(Map<String, Object> child) {
		EntityExchangeResult<String> created = post(child);
		assertThat(created.getStatus().value()).as("creating %s: %s", child, created).isEqualTo(201);
		return jsonBody(created);
	}

	private static Map<String, Object> child(String name, int age, String gender, List<String> interests) {
		Map<String, Object> child = new LinkedHashMap<>();
		child.put("name", name);
		child.put("age", age);
		child.put("gender", gender);
		child.put("interests", interests);
		return child;
	}

	private static String id(JsonNode child) {
		return child.get("id").asString();
	}

	private static List<String> ids(JsonNode list) {
		assertThat(list.isArray()).isTrue();
		List<String> ids = new ArrayList<>();
		list.forEach((child) -> ids.add(id(child)));
		return ids;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((value) -> strings.add(value.asString()));
		return strings;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
