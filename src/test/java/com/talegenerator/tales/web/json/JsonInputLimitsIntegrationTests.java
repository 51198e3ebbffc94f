package com.talegenerator.tales.web.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON limits of {@code tales.http} at their defaults (depth 64, strings of 1,000,000
 * characters), exactly at and just past each, and the malformed inputs that used to be
 * accepted or to fail with a 500: text that is not Unicode, a query string or multipart
 * body Tomcat cannot decode, a form body on PUT.
 */
class JsonInputLimitsIntegrationTests extends IntegrationTestSupport {

	private static final int MAX_DEPTH = 64;

	private static final int MAX_STRING = 1_000_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void acceptsNestingUpToTheDepthLimit() {
		// the body is depth 1, so fullResponse may nest 63 more levels
		String title = "Deep " + UUID.randomUUID();

		JsonNode created = created(post("/stories", story(title, nested(MAX_DEPTH - 1))));

		assertThat(created.get("fullResponse").toString()).isEqualTo(nested(MAX_DEPTH - 1));
	}

	@Test
	void refusesNestingBeyondTheDepthLimit() {
		String title = "Too deep " + UUID.randomUUID();

		JsonNode problem = assertProblem(post("/stories", story(title, nested(MAX_DEPTH))), 400, "/stories");

		assertThat(problem.get("detail").asString()).contains("nesting depth");
		assertThat(stories(title)).isZero();
		assertProblem(post("/children", "[".repeat(100_000)), 400, "/children");
	}

	@Test
	void acceptsAStringOfTheLengthLimit() {
		String title = "Long " + UUID.randomUUID();

		JsonNode created = created(post("/stories", story(title, "\"" + "x".repeat(MAX_STRING) + "\"")));

		assertThat(created.get("fullResponse").asString()).hasSize(MAX_STRING);
	}

	@Test
	void refusesAStringOverTheLengthLimit() {
		String title = "Too long " + UUID.randomUUID();

		JsonNode problem = assertProblem(post("/stories", story(title, "\"" + "x".repeat(MAX_STRING + 1) + "\"")), 400,
				"/stories");

		assertThat(problem.get("detail").asString()).contains("string");
		assertThat(stories(title)).isZero();
	}

	@Test
	void refusesBodiesThatAreNotUtf8() {
		String title = "Overlong " + UUID.randomUUID();
		for (byte[] bad : new byte[][] { { (byte) 0xC0, (byte) 0xAE }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xFF },
				{ (byte) 0xE2, (byte) 0x82 } }) {
			byte[] body = concat(("{\"title\":\"" + title).getBytes(StandardCharsets.UTF_8), bad,
					"\",\"content\":\"c\",\"moral\":\"m\"}".getBytes(StandardCharsets.UTF_8));

			JsonNode problem = assertProblem(this.client.post()
				.uri("/stories")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.returnResult(String.class), 400, "/stories");

			assertThat(problem.get("detail").asString()).contains("UTF-8");
		}
		assertThat(stories(title)).isZero();
	}

	@Test
	void refusesHalfASurrogatePair() {
		String title = "Surrogate " + UUID.randomUUID();
		for (String escape : new String[] { "\\ud800", "\\udfff", "\\ude00\\ud83d", "\\ud83d\\u0041" }) {
			JsonNode problem = assertProblem(
					post("/stories", "{\"title\":\"" + title + escape + "\",\"content\":\"c\",\"moral\":\"m\"}"), 400,
					"/stories");

			assertThat(problem.get("detail").asString()).contains("surrogate");
		}
		assertThat(stories(title)).isZero();
		JsonNode paired = created(
				post("/stories", "{\"title\":\"" + title + "\\ud83d\\ude00\",\"content\":\"c\",\"moral\":\"m\"}"));
		assertThat(paired.get("title").asString()).isEqualTo(title + "\ud83d\ude00");
		assertThat(story(paired.get("id").asString()).get("title").asString()).isEqualTo(title + "\ud83d\ude00");
	}

	@Test
	void refusesHalfASurrogatePairInUploadMetadata() {
		String id = created(post("/stories", "{\"title\":\"Meta\",\"content\":\"c\",\"moral\":\"m\"}")).get("id")
			.asString();
		HttpHeaders file = new HttpHeaders();
		file.setContentDispositionFormData("file", "a.mp3");
		file.setContentType(MediaType.parseMediaType("audio/mpeg"));
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new HttpEntity<>(new byte[] { 1, 2, 3 }, file));
		form.add("metadata", "{\"voice\":\"\\ud800\"}");

		EntityExchangeResult<String> response = this.client.post()
			.uri("/stories/" + id + "/audio")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form)
			.exchange()
			.returnResult(String.class);

		assertProblem(response, 400, "/stories/" + id + "/audio");
		assertThat(story(id).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void answersAQueryStringTomcatCannotDecodeWith400() {
		RawHttp raw = new RawHttp(this.port);

		for (String path : new String[] { "/children?name=%zz", "/stories?childName=%", "/heroes?language=%e",
				"/children?limit=1" + "&x=1".repeat(1200) }) {
			RawHttp.Response response = raw.request("GET", path);

			assertProblem(response, 400, path.substring(0, path.indexOf('?')));
		}
	}

	@Test
	void answersAMultipartBodyWithoutBoundaryWith400() {
		String path = "/stories/" + UUID.randomUUID() + "/audio";

		assertProblem(send("POST", path, MediaType.MULTIPART_FORM_DATA, "{}"), 400, path);
	}

	@Test
	void answersAFormBodyOnPutWith415() {
		String path = "/children/" + UUID.randomUUID();

		assertProblem(send("PUT", path, MediaType.APPLICATION_FORM_URLENCODED, "name=%zz"), 415, path);
		assertProblem(send("DELETE", path, MediaType.APPLICATION_FORM_URLENCODED, "name=%zz"), 404, path);
	}

	@Test
	void refusesANumberTheDatabaseCannotStoreWith400() {
		String title = "Huge number " + UUID.randomUUID();

		JsonNode problem = assertProblem(post("/stories", story(title, "1e999999999")), 400, "/stories");

		assertThat(problem.get("detail").asString()).contains("range");
		assertThat(stories(title)).isZero();
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return send("POST", path, MediaType.APPLICATION_JSON, json);
	}

	/** Any method with this body, as it is, of this type. */
	private EntityExchangeResult<String> send(String method, String path, MediaType type, String body) {
		return this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.contentType(type)
			.body(body)
			.exchange()
			.returnResult(String.class);
	}

	private static JsonNode created(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(201);
		return JSON.readTree(response.getResponseBody());
	}

	private JsonNode story(String id) {
		return this.client.get()
			.uri("/stories/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static String story(String title, String fullResponse) {
		return "{\"title\":\"" + title + "\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":" + fullResponse + "}";
	}

	private static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

	private int stories(String title) {
		return this.jdbc.queryForObject("SELECT count(*) FROM tales.stories WHERE title LIKE ?", Integer.class,
				title + "%");
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
