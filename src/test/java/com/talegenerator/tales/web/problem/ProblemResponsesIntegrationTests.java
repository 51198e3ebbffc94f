package com.talegenerator.tales.web.problem;

import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static com.talegenerator.tales.Problems.assertInvalidFields;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of API.md's error table that the service can produce so far, each
 * checking the whole problem response (status, content type, the five members, nothing of
 * the server's insides). The 413 and 503 rows need their own application contexts:
 * {@link RequestBodyLimitIntegrationTests}, {@link DatabaseOutageIntegrationTests}.
 */
class ProblemResponsesIntegrationTests extends IntegrationTestSupport {

	private static final String VALID = "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\"}";

	@Test
	void rejectsMalformedJson() {
		assertProblem(this.api.post("/children", "{\"name\":\"Alice\",\"age\":6,"), 400, "/children");
		assertProblem(this.api.post("/children", "{name: 'Alice'}"), 400, "/children");
		assertProblem(this.api.post("/children", "not json"), 400, "/children");
	}

	@Test
	void rejectsTrailingContentAfterTheJsonObject() {
		assertProblem(this.api.post("/children", VALID + " {}"), 400, "/children");
		assertProblem(this.api.post("/children", VALID + "x"), 400, "/children");
	}

	@Test
	void rejectsMalformedJsonOnReplace() {
		String id = UUID.randomUUID().toString();

		assertProblem(this.api.put("/children/" + id, "{"), 400, "/children/" + id);
	}

	@Test
	void rejectsAStringWhereAnIntegerBelongs() {
		JsonNode problem = assertInvalidFields(
				this.api.post("/children", "{\"name\":\"Alice\",\"age\":\"6\",\"gender\":\"girl\"}"), "/children",
				"age");

		assertThat(problem.get("errors").get(0).get("message").asString()).contains("integer");
	}

	@Test
	void rejectsAFractionWhereAnIntegerBelongs() {
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Alice\",\"age\":6.5,\"gender\":\"girl\"}"),
				"/children", "age");
	}

	@Test
	void rejectsAFloatWithoutFractionWhereAnIntegerBelongs() {
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Alice\",\"age\":6.0,\"gender\":\"girl\"}"),
				"/children", "age");
	}

	@Test
	void rejectsAnIntegerTooLargeForTheField() {
		assertProblem(
				this.api.post("/children", "{\"name\":\"Alice\",\"age\":99999999999999999999,\"gender\":\"girl\"}"),
				400, "/children");
	}

	@Test
	void rejectsOtherWrongJsonTypes() {
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Alice\",\"age\":true,\"gender\":\"girl\"}"),
				"/children", "age");
		assertInvalidFields(this.api.post("/children", "{\"name\":7,\"age\":6,\"gender\":\"girl\"}"), "/children",
				"name");
		assertInvalidFields(
				this.api.post("/children",
						"{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":\"dolls\"}"),
				"/children", "interests");
		assertInvalidFields(
				this.api.post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[1]}"),
				"/children", "interests[0]");
		assertInvalidFields(this.api.post("/children", "{\"name\":{},\"age\":6,\"gender\":\"girl\"}"), "/children",
				"name");
		assertInvalidFields(this.api.post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":true}"), "/children",
				"gender");
		assertInvalidFields(this.api.post("/children", "{\"name\":2.5,\"age\":6,\"gender\":\"girl\"}"), "/children",
				"name");
	}

	@Test
	void rejectsAValueTheDatabaseCannotStore() {
		String name = "NUL " + UUID.randomUUID();

		JsonNode problem = assertProblem(
				this.api.post("/children", "{\"name\":\"" + name + "\\u0000\",\"age\":6,\"gender\":\"girl\"}"), 400,
				"/children");

		assertThat(problem.get("detail").asString()).contains("NUL");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name LIKE ?", Integer.class,
				name + "%"))
			.isZero();
		assertProblem(
				this.api.post("/children",
						"{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"a\\u0000b\"]}"),
				400, "/children");
	}

	@Test
	void rejectsAnUnknownField() {
		assertInvalidFields(
				this.api.post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"nickname\":\"Al\"}"),
				"/children", "nickname");
	}

	@Test
	void rejectsADuplicateKey() {
		JsonNode problem = assertProblem(
				this.api.post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"age\":7}"), 400,
				"/children");

		assertThat(problem.get("detail").asString()).containsIgnoringCase("duplicate");
	}

	@Test
	void rejectsAJsonArrayInsteadOfAnObject() {
		assertProblem(this.api.post("/children", "[" + VALID + "]"), 400, "/children");
		assertProblem(this.api.post("/children", "[]"), 400, "/children");
	}

	@Test
	void rejectsAJsonScalarInsteadOfAnObject() {
		assertProblem(this.api.post("/children", "\"Alice\""), 400, "/children");
		assertProblem(this.api.post("/children", "42"), 400, "/children");
		assertProblem(this.api.post("/children", "null"), 400, "/children");
	}

	@Test
	void rejectsAnEmptyBody() {
		assertProblem(this.api.post("/children", ""), 400, "/children");
		assertProblem(this.api.send("POST", "/children", "application/json", null), 400, "/children");
		assertProblem(this.api.post("/children", "   "), 400, "/children");
	}

	@Test
	void rejectsAMalformedUuidInThePath() {
		JsonNode problem = assertInvalidFields(this.api.get("/children/not-a-uuid"), "/children/not-a-uuid", "id");

		assertThat(problem.get("errors").get(0).get("message").asString()).contains("UUID");
		assertInvalidFields(this.api.delete("/children/123"), "/children/123", "id");
		assertInvalidFields(this.api.get("/children/1-1-1-1-1"), "/children/1-1-1-1-1", "id");
		String unbraced = "0b6f3c1e8d2a4f5b9c7d1e2f3a4b5c6d";
		assertInvalidFields(this.api.get("/children/" + unbraced), "/children/" + unbraced, "id");
		assertInvalidFields(this.api.put("/children/123", VALID), "/children/123", "id");
	}

	@Test
	void acceptsAnUppercaseUuidInThePath() {
		String id = this.api.post("/children", VALID).json().get("id").asString();

		HttpApi.Response read = this.api.get("/children/" + id.toUpperCase());

		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("id").asString()).isEqualTo(id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "xyz", "not-a-cursor", "AAAA", "%2B%2F", "MTIzfm5vdC1hLXV1aWQ" })
	void rejectsAMalformedCursor(String after) {
		assertInvalidFields(this.api.get("/children?after=" + after), "/children", "after");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "501", "1000000" })
	void rejectsALimitOutOfRange(String limit) {
		assertInvalidFields(this.api.get("/children?limit=" + limit), "/children", "limit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "2.5", "1e2", "99999999999" })
	void rejectsALimitThatIsNotAnInteger(String limit) {
		assertInvalidFields(this.api.get("/children?limit=" + limit), "/children", "limit");
	}

	@Test
	void acceptsTheLimitsAtTheBoundaries() {
		assertThat(this.api.get("/children?limit=1").status()).isEqualTo(200);
		assertThat(this.api.get("/children?limit=500").status()).isEqualTo(200);
	}

	@Test
	void returns404ForAnUnknownPath() {
		assertProblem(this.api.get("/no-such-thing"), 404, "/no-such-thing");
		String path = "/children/" + UUID.randomUUID() + "/no-such-thing";
		assertProblem(this.api.get(path), 404, path);
		assertProblem(this.api.post("/no-such-thing", VALID), 404, "/no-such-thing");
	}

	@Test
	void returns404ForAnUnknownId() {
		String id = UUID.randomUUID().toString();

		JsonNode problem = assertProblem(this.api.get("/children/" + id), 404, "/children/" + id);

		assertThat(problem.get("detail").asString()).contains(id);
	}

	@Test
	void returns405ForAWrongMethod() {
		HttpApi.Response patch = this.api.send("PATCH", "/children", "application/json", VALID);

		assertProblem(patch, 405, "/children");
		assertThat(patch.header("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "POST"));
		assertProblem(this.api.send("DELETE", "/children", null, null), 405, "/children");
		String id = UUID.randomUUID().toString();
		assertProblem(this.api.post("/children/" + id, VALID), 405, "/children/" + id);
	}

	@Test
	void returns405WithAllowForQuery() {
		HttpApi.Response list = this.api.send("QUERY", "/children", "application/json", "{}");
		String path = "/children/" + UUID.randomUUID();
		HttpApi.Response one = this.api.send("QUERY", path, null, null);

		assertProblem(list, 405, "/children");
		assertThat(list.header("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "POST"));
		assertProblem(one, 405, path);
		assertThat(one.header("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "PUT", "DELETE"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "FOO", "PROPFIND", "MKCOL", "BREW" })
	void returns405WithAllowForAMethodTheServerDoesNotKnow(String method) {
		HttpApi.Response response = this.api.send(method, "/children", null, null);

		JsonNode problem = assertProblem(response, 405, "/children");
		assertThat(problem.get("detail").asString()).contains(method);
		assertThat(response.header("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "POST"));
	}

	@Test
	void returns415ForAnUnsupportedContentType() {
		assertProblem(this.api.send("POST", "/children", "text/plain", VALID), 415, "/children");
		assertProblem(this.api.send("POST", "/children", "application/xml", "<child/>"), 415, "/children");
		String id = UUID.randomUUID().toString();
		assertProblem(this.api.send("PUT", "/children/" + id, "text/plain", VALID), 415, "/children/" + id);
	}

	@Test
	void returns415ForABodyWithoutContentType() {
		assertProblem(this.api.send("POST", "/children", null, VALID), 415, "/children");
	}

	@Test
	void acceptsJsonWithACharset() {
		assertThat(this.api.send("POST", "/children", "application/json; charset=UTF-8", VALID).status())
			.isEqualTo(201);
	}

}
