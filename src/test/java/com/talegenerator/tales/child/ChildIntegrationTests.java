package com.talegenerator.tales.child;

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

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.talegenerator.tales.Problems.assertInvalidFields;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ChildIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsAndReadsAChild() {
		HttpApi.Response created = this.api.post("/children",
				"{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"dragons\",\"space\"]}");
		assertThat(created.status()).isEqualTo(201);
		JsonNode child = created.json();
		String id = child.get("id").asString();
		assertThat(created.header("Location")).hasValue(this.api.base() + "/children/" + id);
		assertThat(child.get("interests").toString()).isEqualTo("[\"dragons\",\"space\"]");

		HttpApi.Response read = this.api.get("/children/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(child);
	}

	@Test
	void returnsEveryFieldOfACreatedChild() {
		Instant before = Instant.now().minusSeconds(1);

		HttpApi.Response created = this.api.post("/children",
				HttpApi.json(child("Bob", 7, "boy", List.of("trains", "owls", "rain"))));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Content-Type")).hasValueSatisfying((type) -> assertThat(type).contains("json"));
		JsonNode child = created.json();
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
		HttpApi.Response created = this.api.post("/children", "{\"name\":\"Cleo\",\"age\":3,\"gender\":\"girl\"}");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("interests").isArray()).isTrue();
		assertThat(created.json().get("interests").size()).isZero();
		assertThat(this.api.get("/children/" + created.json().get("id").asString()).json().get("interests").size())
			.isZero();
	}

	@Test
	void treatsNullInterestsAsNone() {
		HttpApi.Response created = this.api.post("/children",
				"{\"name\":\"Cleo\",\"age\":3,\"gender\":\"girl\",\"interests\":null}");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("interests").isArray()).isTrue();
		assertThat(created.json().get("interests").size()).isZero();
	}

	@Test
	void ignoresServerSetFieldsSentInTheBody() {
		String sentId = UUID.randomUUID().toString();
		Map<String, Object> body = child("Eve", 9, "girl", List.of("chess"));
		body.put("id", sentId);
		body.put("createdAt", "2001-02-03T04:05:06Z");
		body.put("updatedAt", "2002-02-03T04:05:06Z");
		Instant before = Instant.now().minusSeconds(1);

		HttpApi.Response created = this.api.post("/children", HttpApi.json(body));

		assertThat(created.status()).isEqualTo(201);
		JsonNode child = created.json();
		assertThat(child.get("id").asString()).isNotEqualTo(sentId);
		assertThat(Instant.parse(child.get("createdAt").asString())).isAfter(before);
		assertThat(Instant.parse(child.get("updatedAt").asString())).isAfter(before);
		assertThat(this.api.get("/children/" + sentId).status()).isEqualTo(404);
		assertThat(this.api.get("/children/" + child.get("id").asString()).status()).isEqualTo(200);
	}

	@Test
	void returns404ForAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		JsonNode problem = assertProblem(this.api.get("/children/" + id), 404, "/children/" + id);

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

		HttpApi.Response list = this.api.get("/children?name=" + encode(name));

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.nextLink()).isEmpty();
		assertThat(ids(list.json())).containsExactly(id(second), id(first));
		for (JsonNode child : list.json()) {
			assertThat(child.get("name").asString()).isEqualTo(name);
		}
	}

	@Test
	void listsAnUnknownNameAsAnEmptyArray() {
		HttpApi.Response list = this.api.get("/children?name=" + encode("Nobody " + UUID.randomUUID()));

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().isArray()).isTrue();
		assertThat(list.json().size()).isZero();
		assertThat(list.nextLink()).isEmpty();
	}

	@Test
	void listsChildrenNewestFirst() {
		String name = "Newest " + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			created.add(id(create(child(name, i, "girl", List.of()))));
		}
		Collections.reverse(created);

		JsonNode list = this.api.get("/children?name=" + encode(name)).json();

		assertThat(ids(list)).containsExactlyElementsOf(created);
		List<Instant> times = new ArrayList<>();
		list.forEach((child) -> times.add(Instant.parse(child.get("createdAt").asString())));
		assertThat(times).isSortedAccordingTo(Collections.reverseOrder());
	}

	@Test
	void listsAllChildrenNewestFirstWithoutAFilter() {
		String newest = id(create(child("Unfiltered " + UUID.randomUUID(), 8, "boy", List.of())));

		JsonNode list = this.api.get("/children?limit=500").json();

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
			HttpApi.Response page = this.api.get(next);
			assertThat(page.status()).isEqualTo(200);
			listed.addAll(ids(page.json()));
			next = page.nextLink().orElse(null);
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
		HttpApi.Response page = null;
		while (next != null) {
			page = this.api.get(next);
			assertThat(page.status()).isEqualTo(200);
			pageSizes.add(page.json().size());
			listed.addAll(ids(page.json()));
			next = page.nextLink().orElse(null);
			if (next != null) {
				assertThat(next).startsWith(this.api.base() + "/children?").contains("after=").contains("limit=3");
				assertThat(page.header("Link")).hasValue("<" + next + ">; rel=\"next\"");
			}
			assertThat(pageSizes).hasSizeLessThanOrEqualTo(4);
		}

		assertThat(pageSizes).containsExactly(3, 3, 1);
		assertThat(listed).containsExactlyElementsOf(created);
		assertThat(new HashSet<>(listed)).hasSize(7);
		assertThat(page.header("Link")).isEmpty();
	}

	@Test
	void sendsNoNextLinkWhenThePageHoldsTheLastRowExactly() {
		String name = "Exact " + UUID.randomUUID();
		for (int i = 0; i < 4; i++) {
			create(child(name, 10, "girl", List.of()));
		}

		HttpApi.Response full = this.api.get("/children?limit=4&name=" + encode(name));
		HttpApi.Response partial = this.api.get("/children?limit=3&name=" + encode(name));

		assertThat(full.json().size()).isEqualTo(4);
		assertThat(full.header("Link")).isEmpty();
		assertThat(partial.json().size()).isEqualTo(3);
		assertThat(partial.nextLink()).isPresent();
		HttpApi.Response last = this.api.get(partial.nextLink().get());
		assertThat(last.json().size()).isEqualTo(1);
		assertThat(last.header("Link")).isEmpty();
	}

	@Test
	void defaultsToPagesOfFifty() {
		String name = "Default page " + UUID.randomUUID();
		for (int i = 0; i < 51; i++) {
			this.jdbc.update("INSERT INTO tales.children (name, age, gender) VALUES (?, 5, 'boy')", name);
		}

		HttpApi.Response first = this.api.get("/children?name=" + encode(name));

		assertThat(first.json().size()).isEqualTo(50);
		assertThat(first.nextLink()).isPresent();
		assertThat(this.api.get(first.nextLink().get()).json().size()).isEqualTo(1);
	}

	@Test
	void replacesTheEditableFields() {
		JsonNode original = create(child("Finn", 4, "boy", List.of("boats")));
		String id = id(original);

		HttpApi.Response replaced = this.api.put("/children/" + id,
				HttpApi.json(child("Finnegan", 5, "non-binary", List.of("stars", "frogs"))));

		assertThat(replaced.status()).isEqualTo(200);
		JsonNode child = replaced.json();
		assertThat(child.get("id").asString()).isEqualTo(id);
		assertThat(child.get("name").asString()).isEqualTo("Finnegan");
		assertThat(child.get("age").asInt()).isEqualTo(5);
		assertThat(child.get("gender").asString()).isEqualTo("non-binary");
		assertThat(strings(child.get("interests"))).containsExactly("stars", "frogs");
		assertThat(child.get("createdAt").asString()).isEqualTo(original.get("createdAt").asString());
		assertThat(Instant.parse(child.get("updatedAt").asString()))
			.isAfter(Instant.parse(original.get("updatedAt").asString()));
		assertThat(this.api.get("/children/" + id).json()).isEqualTo(child);
	}

	@Test
	void replacesMissingInterestsWithNone() {
		String id = id(create(child("Gus", 4, "boy", List.of("boats"))));

		HttpApi.Response replaced = this.api.put("/children/" + id, "{\"name\":\"Gus\",\"age\":4,\"gender\":\"boy\"}");

		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("interests").size()).isZero();
	}

	@Test
	void acceptsBackWhatItReturnedOnReplace() {
		JsonNode original = create(child("Hana", 6, "girl", List.of("kites")));
		String id = id(original);
		String body = original.toString().replace("\"Hana\"", "\"Hanna\"");

		HttpApi.Response replaced = this.api.put("/children/" + id, body);

		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("name").asString()).isEqualTo("Hanna");
		assertThat(replaced.json().get("createdAt")).isEqualTo(original.get("createdAt"));
	}

	@Test
	void returns404ForReplacingAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		assertProblem(this.api.put("/children/" + id, HttpApi.json(child("Ivy", 3, "girl", List.of()))), 404,
				"/children/" + id);
		assertThat(this.api.get("/children/" + id).status()).isEqualTo(404);
	}

	@Test
	void validatesAReplacement() {
		String id = id(create(child("Jon", 3, "boy", List.of())));

		assertInvalidFields(this.api.put("/children/" + id, HttpApi.json(child("Jon", 19, "boy", List.of()))),
				"/children/" + id, "age");
		assertThat(this.api.get("/children/" + id).json().get("age").asInt()).isEqualTo(3);
	}

	@Test
	void deletesAChild() {
		String id = id(create(child("Kai", 8, "boy", List.of())));

		HttpApi.Response deleted = this.api.delete("/children/" + id);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertProblem(this.api.get("/children/" + id), 404, "/children/" + id);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE id = ?", Integer.class,
				UUID.fromString(id)))
			.isZero();
	}

	@Test
	void returns404ForDeletingAnUnknownChild() {
		String id = UUID.randomUUID().toString();

		assertProblem(this.api.delete("/children/" + id), 404, "/children/" + id);
	}

	@Test
	void returns404ForDeletingAChildTwice() {
		String id = id(create(child("Lea", 8, "girl", List.of())));

		assertThat(this.api.delete("/children/" + id).status()).isEqualTo(204);
		assertProblem(this.api.delete("/children/" + id), 404, "/children/" + id);
	}

	@Test
	void acceptsTheBoundariesOfEveryRule() {
		List<String> interests = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			interests.add(("interest " + i + " ").repeat(20).substring(0, 100));
		}

		assertThat(
				this.api.post("/children", HttpApi.json(child("N".repeat(100), 0, "g".repeat(32), interests))).status())
			.isEqualTo(201);
		assertThat(this.api.post("/children", HttpApi.json(child("N", 18, "g", List.of("x")))).status()).isEqualTo(201);
		assertThat(this.api.post("/children", HttpApi.json(child("Zoë 🐉", 18, "girl", List.of("🚀")))).status())
			.isEqualTo(201);
	}

	@Test
	void rejectsABlankName() {
		assertInvalidFields(post(child("   ", 5, "girl", List.of())), "/children", "name");
		assertInvalidFields(post(child("", 5, "girl", List.of())), "/children", "name");
	}

	@Test
	void rejectsAMissingName() {
		assertInvalidFields(this.api.post("/children", "{\"age\":5,\"gender\":\"girl\"}"), "/children", "name");
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
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Max\",\"gender\":\"boy\"}"), "/children", "age");
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Max\",\"age\":null,\"gender\":\"boy\"}"),
				"/children", "age");
	}

	@Test
	void rejectsAGenderOf33Characters() {
		assertInvalidFields(post(child("Max", 5, "g".repeat(33), List.of())), "/children", "gender");
	}

	@Test
	void rejectsABlankOrMissingGender() {
		assertInvalidFields(post(child("Max", 5, "", List.of())), "/children", "gender");
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Max\",\"age\":5}"), "/children", "gender");
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
		assertInvalidFields(
				this.api.post("/children", "{\"name\":\"Max\",\"age\":5,\"gender\":\"boy\",\"interests\":[null]}"),
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

		assertThat(post(child(name, 19, "boy", List.of())).status()).isEqualTo(400);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name = ?", Integer.class, name))
			.isZero();
	}

	@Test
	void maintainsUpdatedAtForDirectSqlUpdates() {
		JsonNode child = create(child("Otto", 6, "boy", List.of()));
		UUID id = UUID.fromString(id(child));
		Instant updatedAt = Instant.parse(child.get("updatedAt").asString());

		this.jdbc.update("UPDATE tales.children SET name = 'Otto II' WHERE id = ?", id);

		JsonNode read = this.api.get("/children/" + id).json();
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

		assertThat(Instant.parse(this.api.get("/children/" + id).json().get("updatedAt").asString())).isEqualTo(chosen);
	}

	private HttpApi.Response post(Map<String, Object> child) {
		return this.api.post("/children", HttpApi.json(child));
	}

	private JsonNode create(Map<String, Object> child) {
		HttpApi.Response created = post(child);
		assertThat(created.status()).as("creating %s: %s", child, created).isEqualTo(201);
		return created.json();
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
