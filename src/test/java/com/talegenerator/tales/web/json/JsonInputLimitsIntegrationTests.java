package com.talegenerator.tales.web.json;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

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

	@LocalServerPort
	private int port;

	@Test
	void acceptsNestingUpToTheDepthLimit() {
		// the body is depth 1, so fullResponse may nest 63 more levels
		String title = "Deep " + UUID.randomUUID();

		HttpApi.Response response = this.api.post("/stories", story(title, nested(MAX_DEPTH - 1)));

		assertThat(response.status()).as("%s", response).isEqualTo(201);
		assertThat(response.json().get("fullResponse").toString()).isEqualTo(nested(MAX_DEPTH - 1));
	}

	@Test
	void refusesNestingBeyondTheDepthLimit() {
		String title = "Too deep " + UUID.randomUUID();

		JsonNode problem = assertProblem(this.api.post("/stories", story(title, nested(MAX_DEPTH))), 400, "/stories");

		assertThat(problem.get("detail").asString()).contains("nesting depth");
		assertThat(stories(title)).isZero();
		assertProblem(this.api.post("/children", "[".repeat(100_000)), 400, "/children");
	}

	@Test
	void acceptsAStringOfTheLengthLimit() {
		String title = "Long " + UUID.randomUUID();

		HttpApi.Response response = this.api.post("/stories", story(title, "\"" + "x".repeat(MAX_STRING) + "\""));

		assertThat(response.status()).as("%s", response.status()).isEqualTo(201);
		assertThat(response.json().get("fullResponse").asString()).hasSize(MAX_STRING);
	}

	@Test
	void refusesAStringOverTheLengthLimit() {
		String title = "Too long " + UUID.randomUUID();

		JsonNode problem = assertProblem(
				this.api.post("/stories", story(title, "\"" + "x".repeat(MAX_STRING + 1) + "\"")), 400, "/stories");

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

			JsonNode problem = assertProblem(this.api.sendBytes("POST", "/stories", "application/json", body), 400,
					"/stories");

			assertThat(problem.get("detail").asString()).contains("UTF-8");
		}
		assertThat(stories(title)).isZero();
	}

	@Test
	void refusesHalfASurrogatePair() {
		String title = "Surrogate " + UUID.randomUUID();
		for (String escape : new String[] { "\\ud800", "\\udfff", "\\ude00\\ud83d", "\\ud83d\\u0041" }) {
			JsonNode problem = assertProblem(
					this.api.post("/stories",
							"{\"title\":\"" + title + escape + "\",\"content\":\"c\",\"moral\":\"m\"}"),
					400, "/stories");

			assertThat(problem.get("detail").asString()).contains("surrogate");
		}
		assertThat(stories(title)).isZero();
		HttpApi.Response paired = this.api.post("/stories",
				"{\"title\":\"" + title + "\\ud83d\\ude00\",\"content\":\"c\",\"moral\":\"m\"}");
		assertThat(paired.status()).isEqualTo(201);
		assertThat(paired.json().get("title").asString()).isEqualTo(title + "\ud83d\ude00");
		assertThat(this.api.get("/stories/" + paired.json().get("id").asString()).json().get("title").asString())
			.isEqualTo(title + "\ud83d\ude00");
	}

	@Test
	void refusesHalfASurrogatePairInUploadMetadata() {
		String id = this.api.post("/stories", "{\"title\":\"Meta\",\"content\":\"c\",\"moral\":\"m\"}")
			.json()
			.get("id")
			.asString();

		HttpApi.Response response = this.api.postMultipart("/stories/" + id + "/audio",
				new Multipart().file("file", "a.mp3", "audio/mpeg", new byte[] { 1, 2, 3 })
					.field("metadata", "{\"voice\":\"\\ud800\"}"),
				false);

		assertProblem(response, 400, "/stories/" + id + "/audio");
		assertThat(this.api.get("/stories/" + id).json().get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void answersAQueryStringTomcatCannotDecodeWith400() {
		RawHttp raw = new RawHttp(this.port);

		for (String path : new String[] { "/children?name=%zz", "/stories?childName=%", "/heroes?language=%e",
				"/children?limit=1" + "&x=1".repeat(1200) }) {
			HttpApi.Response response = raw.send("GET", path);

			assertProblem(response, 400, path.substring(0, path.indexOf('?')));
		}
	}

	@Test
	void answersAMultipartBodyWithoutBoundaryWith400() {
		String path = "/stories/" + UUID.randomUUID() + "/audio";

		assertProblem(this.api.send("POST", path, "multipart/form-data", "{}"), 400, path);
	}

	@Test
	void answersAFormBodyOnPutWith415() {
		String path = "/children/" + UUID.randomUUID();

		assertProblem(this.api.send("PUT", path, "application/x-www-form-urlencoded", "name=%zz"), 415, path);
		assertProblem(this.api.send("DELETE", path, "application/x-www-form-urlencoded", "name=%zz"), 404, path);
	}

	@Test
	void refusesANumberTheDatabaseCannotStoreWith400() {
		String title = "Huge number " + UUID.randomUUID();

		JsonNode problem = assertProblem(this.api.post("/stories", story(title, "1e999999999")), 400, "/stories");

		assertThat(problem.get("detail").asString()).contains("range");
		assertThat(stories(title)).isZero();
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
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
