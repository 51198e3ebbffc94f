package com.talegenerator.tales.web.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 413 row of API.md's error table, with a limit of 1 KB so that the tests need no
 * large bodies (its own application context, since the limit is read at startup).
 */
@TestPropertySource(properties = "tales.http.max-json-body=1KB")
class RequestBodyLimitIntegrationTests extends IntegrationTestSupport {

	private static final int LIMIT = 1024;

	@Test
	void acceptsABodyJustUnderTheLimit() {
		String name = "Limit " + UUID.randomUUID();
		String body = childOfSize(name, LIMIT);

		HttpApi.Response created = this.api.post("/children", body);

		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
		assertThat(created.status()).as("%s", created).isEqualTo(201);
		assertThat(created.json().get("name").asString()).isEqualTo(name);
	}

	@Test
	void returns413ForABodyOverTheLimitWithContentLength() {
		String name = "Too large " + UUID.randomUUID();
		String body = childOfSize(name, LIMIT + 1);

		HttpApi.Response response = this.api.post("/children", body);

		assertProblem(response, 413, "/children");
		assertThat(count(name)).isZero();
	}

	@Test
	void returns413ForAMuchLargerBody() {
		String id = UUID.randomUUID().toString();

		assertProblem(this.api.put("/children/" + id, childOfSize("Huge", 200 * LIMIT)), 413, "/children/" + id);
	}

	@Test
	void returns413ForAChunkedBodyOverTheLimit() throws Exception {
		String name = "Chunked " + UUID.randomUUID();
		byte[] body = childOfSize(name, 4 * LIMIT).getBytes(StandardCharsets.UTF_8);

		HttpApi.Response response = sendChunked(body);

		assertProblem(response, 413, "/children");
		assertThat(count(name)).isZero();
	}

	@Test
	void acceptsAChunkedBodyUnderTheLimit() throws Exception {
		String name = "Chunked small " + UUID.randomUUID();

		HttpApi.Response response = sendChunked(childOfSize(name, LIMIT - 100).getBytes(StandardCharsets.UTF_8));

		assertThat(response.status()).as("%s", response).isEqualTo(201);
		assertThat(count(name)).isEqualTo(1);
	}

	/** Sends a body of unknown length, so HTTP/1.1 chunked, without Content-Length. */
	private HttpApi.Response sendChunked(byte[] body) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.api.base() + "/children"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		assertThat(request.bodyPublisher().orElseThrow().contentLength()).isNegative();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		return new HttpApi.Response(response.statusCode(), response.headers().map(), response.body());
	}

	private int count(String name) {
		return this.jdbc.queryForObject("SELECT count(*) FROM tales.children WHERE name = ?", Integer.class, name);
	}

	/**
	 * A valid child whose JSON is exactly this many bytes: whitespace between two members
	 * pads it, so a parser has to read all of it to finish the object.
	 */
	private static String childOfSize(String name, int bytes) {
		String head = "{\"name\":\"" + name + "\",\"age\":5,\"gender\":\"girl\",";
		String tail = "\"interests\":[\"kites\"]}";
		int padding = bytes - head.length() - tail.length();
		assertThat(padding).isNotNegative();
		return head + " ".repeat(padding) + tail;
	}

}
