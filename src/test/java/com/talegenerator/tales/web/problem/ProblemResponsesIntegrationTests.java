package com.talegenerator.tales.web.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.RawHttp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Problems.assertInvalidFields;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of API.md's error table that the service can produce so far, each
 * checking the whole problem response (status, content type, the five members, nothing of
 * the server's insides). The 413 and 503 rows need their own application contexts:
 * {@code web.json.RequestBodyLimitIntegrationTests},
 * {@code database.DatabaseOutageIntegrationTests}. Targets go out exactly as written (no
 * escape is encoded again), so a malformed one reaches the service as it is.
 */
class ProblemResponsesIntegrationTests extends IntegrationTestSupport {

	private static final String VALID = "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\"}";

	@LocalServerPort
	private int port;

	@Test
	void rejectsMalformedJson() {
		assertProblem(post("/children", "{\"name\":\"Alice\",\"age\":6,"), 400, "/children");
		assertProblem(post("/children", "{name: 'Alice'}"), 400, "/children");
		assertProblem(post("/children", "not json"), 400, "/children");
	}

	@Test
	void rejectsTrailingContentAfterTheJsonObject() {
		assertProblem(post("/children", VALID + " {}"), 400, "/children");
		assertProblem(post("/children", VALID + "x"), 400, "/children");
	}

	@Test
	void rejectsMalformedJsonOnReplace() {
		String id = UUID.randomUUID().toString();

		assertProblem(put("/children/" + id, "{"), 400, "/children/" + id);
	}

	@Test
	void rejectsAStringWhereAnIntegerBelongs() {
		JsonNode problem = assertInvalidFields(
				post("/children", "{\"name\":\"Alice\",\"age\":\"6\",\"gender\":\"girl\"}"), "/children", "age");

		assertThat(problem.get("errors").get(0).get("message").asString()).contains("integer");
	}

	@Test
	void rejectsAFractionWhereAnIntegerBelongs() {
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":6.5,\"gender\":\"girl\"}"), "/children",
				"age");
	}

	@Test
	void rejectsAFloatWithoutFractionWhereAnIntegerBelongs() {
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":6.0,\"gender\":\"girl\"}"), "/children",
				"age");
	}

	@Test
	void rejectsAnIntegerTooLargeForTheField() {
		assertProblem(post("/children", "{\"name\":\"Alice\",\"age\":99999999999999999999,\"gender\":\"girl\"}"), 400,
				"/children");
	}

	@Test
	void rejectsOtherWrongJsonTypes() {
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":true,\"gender\":\"girl\"}"), "/children",
				"age");
		assertInvalidFields(post("/children", "{\"name\":7,\"age\":6,\"gender\":\"girl\"}"), "/children", "name");
		assertInvalidFields(
				post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":\"dolls\"}"),
				"/children", "interests");
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[1]}"),
				"/children", "interests[0]");
		assertInvalidFields(post("/children", "{\"name\":{},\"age\":6,\"gender\":\"girl\"}"), "/children", "name");
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":true}"), "/children", "gender");
		assertInvalidFields(post("/children", "{\"name\":2.5,\"age\":6,\"gender\":\"girl\"}"), "/children", "name");
	}

	@Test
	void rejectsAValueTheDatabaseCannotStore() {
		String name = "NUL " + UUID.randomUUID();

		JsonNode problem = assertProblem(
				post("/children", "{\"name\":\"" + name + "\\u0000\",\"age\":6,\"gender\":\"girl\"}"), 400,
				"/children");

		assertThat(problem.get("detail").asString()).contains("NUL");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name LIKE ?", Integer.class,
				name + "%"))
			.isZero();
		assertProblem(
				post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"a\\u0000b\"]}"),
				400, "/children");
	}

	@Test
	void rejectsAnUnknownField() {
		assertInvalidFields(post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"nickname\":\"Al\"}"),
				"/children", "nickname");
	}

	@Test
	void rejectsADuplicateKey() {
		JsonNode problem = assertProblem(
				post("/children", "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"age\":7}"), 400, "/children");

		assertThat(problem.get("detail").asString()).containsIgnoringCase("duplicate");
	}

	@Test
	void rejectsAJsonArrayInsteadOfAnObject() {
		assertProblem(post("/children", "[" + VALID + "]"), 400, "/children");
		assertProblem(post("/children", "[]"), 400, "/children");
	}

	@Test
	void rejectsAJsonScalarInsteadOfAnObject() {
		assertProblem(post("/children", "\"Alice\""), 400, "/children");
		assertProblem(post("/children", "42"), 400, "/children");
		assertProblem(post("/children", "null"), 400, "/children");
	}

	@Test
	void rejectsAnEmptyBody() {
		assertProblem(post("/children", ""), 400, "/children");
		assertProblem(send("POST", "/children", "application/json", null), 400, "/children");
		assertProblem(post("/children", "   "), 400, "/children");
	}

	@Test
	void rejectsAMalformedUuidInThePath() {
		JsonNode problem = assertInvalidFields(get("/children/not-a-uuid"), "/children/not-a-uuid", "id");

		assertThat(problem.get("errors").get(0).get("message").asString()).contains("UUID");
		assertInvalidFields(delete("/children/123"), "/children/123", "id");
		assertInvalidFields(get("/children/1-1-1-1-1"), "/children/1-1-1-1-1", "id");
		String unbraced = "0b6f3c1e8d2a4f5b9c7d1e2f3a4b5c6d";
		assertInvalidFields(get("/children/" + unbraced), "/children/" + unbraced, "id");
		assertInvalidFields(put("/children/123", VALID), "/children/123", "id");
	}

	@Test
	void acceptsAnUppercaseUuidInThePath() {
		String id = this.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.body(VALID)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();

		this.client.get()
			.uri("/children/" + id.toUpperCase())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "xyz", "not-a-cursor", "AAAA", "%2B%2F", "MTIzfm5vdC1hLXV1aWQ" })
	void rejectsAMalformedCursor(String after) {
		assertInvalidFields(get("/children?after=" + after), "/children", "after");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "501", "1000000" })
	void rejectsALimitOutOfRange(String limit) {
		assertInvalidFields(get("/children?limit=" + limit), "/children", "limit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "2.5", "1e2", "99999999999" })
	void rejectsALimitThatIsNotAnInteger(String limit) {
		assertInvalidFields(get("/children?limit=" + limit), "/children", "limit");
	}

	@Test
	void acceptsTheLimitsAtTheBoundaries() {
		this.client.get().uri("/children?limit=1").exchange().expectStatus().isOk();
		this.client.get().uri("/children?limit=500").exchange().expectStatus().isOk();
	}

	@Test
	void returns404ForAnUnknownPath() {
		assertProblem(get("/no-such-thing"), 404, "/no-such-thing");
		String path = "/children/" + UUID.randomUUID() + "/no-such-thing";
		assertProblem(get(path), 404, path);
		assertProblem(post("/no-such-thing", VALID), 404, "/no-such-thing");
	}

	@Test
	void returns404ForAnUnknownId() {
		String id = UUID.randomUUID().toString();

		JsonNode problem = assertProblem(get("/children/" + id), 404, "/children/" + id);

		assertThat(problem.get("detail").asString()).contains(id);
	}

	@Test
	void returns405ForAWrongMethod() {
		EntityExchangeResult<String> patch = send("PATCH", "/children", "application/json", VALID);

		assertProblem(patch, 405, "/children");
		assertThat(allow(patch)).contains("GET", "POST");
		assertProblem(send("DELETE", "/children", null, null), 405, "/children");
		String id = UUID.randomUUID().toString();
		assertProblem(post("/children/" + id, VALID), 405, "/children/" + id);
	}

	@Test
	void returns405WithAllowForQuery() {
		EntityExchangeResult<String> list = send("QUERY", "/children", "application/json", "{}");
		String path = "/children/" + UUID.randomUUID();
		EntityExchangeResult<String> one = send("QUERY", path, null, null);

		assertProblem(list, 405, "/children");
		assertThat(allow(list)).contains("GET", "POST");
		assertProblem(one, 405, path);
		assertThat(allow(one)).contains("GET", "PUT", "DELETE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "FOO", "PROPFIND", "MKCOL", "BREW" })
	void returns405WithAllowForAMethodTheServerDoesNotKnow(String method) {
		EntityExchangeResult<String> response = send(method, "/children", null, null);

		JsonNode problem = assertProblem(response, 405, "/children");
		assertThat(problem.get("detail").asString()).contains(method);
		assertThat(allow(response)).contains("GET", "POST");
	}

	@Test
	void returns415ForAnUnsupportedContentType() {
		assertProblem(send("POST", "/children", "text/plain", VALID), 415, "/children");
		assertProblem(send("POST", "/children", "application/xml", "<child/>"), 415, "/children");
		String id = UUID.randomUUID().toString();
		assertProblem(send("PUT", "/children/" + id, "text/plain", VALID), 415, "/children/" + id);
	}

	@Test
	void returns415ForABodyWithoutContentType() {
		// a client always names what it sends: only a socket sends a body without a type
		RawHttp.Response response = new RawHttp(this.port).request("POST", "/children", null,
				VALID.getBytes(StandardCharsets.UTF_8));

		assertProblem(response, 415, "/children");
	}

	@Test
	void acceptsJsonWithACharset() {
		assertThat(send("POST", "/children", "application/json; charset=UTF-8", VALID).getStatus().value())
			.isEqualTo(201);
	}

	private EntityExchangeResult<String> get(String path) {
		return send("GET", path, null, null);
	}

	private EntityExchangeResult<String> delete(String path) {
		return send("DELETE", path, null, null);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return send("POST", path, MediaType.APPLICATION_JSON_VALUE, json);
	}

	private EntityExchangeResult<String> put(String path, String json) {
		return send("PUT", path, MediaType.APPLICATION_JSON_VALUE, json);
	}

	/** Any method, with this Content-Type and body as they are; {@code null}: none. */
	private EntityExchangeResult<String> send(String method, String path, @Nullable String contentType,
			@Nullable String body) {
		RestTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method))
			.uri(URI.create(base() + path));
		if (contentType != null) {
			request.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		return ((body != null) ? request.body(body) : request).exchange().returnResult(String.class);
	}

	private static @Nullable String allow(EntityExchangeResult<String> response) {
		return response.getResponseHeaders().getFirst(HttpHeaders.ALLOW);
	}

}
