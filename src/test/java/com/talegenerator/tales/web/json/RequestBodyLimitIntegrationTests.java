package com.talegenerator.tales.web.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 413 row of API.md's error table, with a limit of 1 KB so that the tests need no
 * large bodies (its own application context, since the limit is read at startup). A body
 * of unknown length arrives in chunks, written to the socket: an HTTP client in a test
 * reads the whole body first and sends it with its length.
 */
@TestPropertySource(properties = "tales.http.max-json-body=1KB")
class RequestBodyLimitIntegrationTests extends IntegrationTestSupport {

	private static final int LIMIT = 1024;

	@LocalServerPort
	private int port;

	@Test
	void acceptsABodyJustUnderTheLimit() {
		String name = "Limit " + UUID.randomUUID();
		String body = childOfSize(name, LIMIT);

		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
		this.client.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name);
	}

	@Test
	void returns413ForABodyOverTheLimitWithContentLength() {
		String name = "Too large " + UUID.randomUUID();
		String body = childOfSize(name, LIMIT + 1);

		EntityExchangeResult<String> response = post("/children", body);

		assertProblem(response, 413, "/children");
		assertThat(count(name)).isZero();
	}

	@Test
	void returns413ForAMuchLargerBody() {
		String id = UUID.randomUUID().toString();

		assertProblem(this.client.put()
			.uri("/children/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(childOfSize("Huge", 200 * LIMIT))
			.exchange()
			.returnResult(String.class), 413, "/children/" + id);
	}

	@Test
	void returns413ForAChunkedBodyOverTheLimit() {
		String name = "Chunked " + UUID.randomUUID();
		byte[] body = childOfSize(name, 4 * LIMIT).getBytes(StandardCharsets.UTF_8);

		RawHttp.Response response = sendChunked(body);

		assertProblem(response, 413, "/children");
		assertThat(count(name)).isZero();
	}

	@Test
	void acceptsAChunkedBodyUnderTheLimit() {
		String name = "Chunked small " + UUID.randomUUID();

		RawHttp.Response response = sendChunked(childOfSize(name, LIMIT - 100).getBytes(StandardCharsets.UTF_8));

		assertThat(response.status()).as("%s", response).isEqualTo(201);
		assertThat(count(name)).isEqualTo(1);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	/**
	 * Posts a body of unknown length: HTTP/1.1 chunks of at most 512 bytes, no
	 * Content-Length.
	 */
	private RawHttp.Response sendChunked(byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("POST /children HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		for (int start = 0; start < body.length; start += 512) {
			byte[] chunk = Arrays.copyOfRange(body, start, Math.min(body.length, start + 512));
			request.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			request.writeBytes(chunk);
			request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return new RawHttp(this.port).sendRaw(request.toByteArray());
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
