package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The interceptor that checks the integration tests' responses fails a test when the
 * service answers what its description does not allow: each response here comes from a
 * fake execution, judged against the committed {@code docs/openapi.json} served by a
 * stand-in of the service.
 */
class OpenApiValidatingInterceptorTests {

	private static final String CHILD = """
			{"id":"3b241101-e2bb-4255-8caf-4136c566a962","name":"Alice","age":6,"gender":"girl",\
			"interests":["dragons"],"createdAt":"2026-11-25T10:00:00.123Z","updatedAt":"2026-11-25T10:00:00.123Z"}""";

	private static HttpServer service;

	private static OpenApiValidatingInterceptor interceptor;

	@BeforeAll
	static void serveTheDescription() throws IOException {
		byte[] description = Files.readAllBytes(OpenApiDescriptionIntegrationTests.COMMITTED);
		service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		service.createContext("/openapi.json", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, description.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(description);
			}
		});
		service.start();
		interceptor = new OpenApiValidatingInterceptor(() -> service.getAddress().getPort());
	}

	@AfterAll
	static void stopTheService() {
		service.stop(0);
	}

	@Test
	void handsOnAResponseTheDescriptionAllowsWithItsBody() throws IOException {
		ClientHttpResponse response = interceptor.intercept(getChild(), new byte[0],
				answering(HttpStatus.OK, CHILD, "ETag", "\"1\""));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(CHILD);
	}

	@Test
	void failsABodyTheSchemaDoesNotAllow() {
		String withOwner = CHILD.replace("}", ",\"userId\":\"" + UUID.randomUUID() + "\"}");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> interceptor.intercept(getChild(), new byte[0],
					answering(HttpStatus.OK, withOwner, "ETag", "\"1\"")))
			.withMessageContaining("which /openapi.json does not allow")
			.withMessageContaining("userId");
	}

	@Test
	void failsAResponseWithoutAHeaderItsStatusRequires() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> interceptor.intercept(getChild(), new byte[0], answering(HttpStatus.OK, CHILD)))
			.withMessageContaining("the required header ETag is missing");
	}

	@Test
	void failsAStatusTheOperationDoesNotList() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> interceptor.intercept(getChild(), new byte[0], answering(HttpStatus.I_AM_A_TEAPOT, "")))
			.withMessageContaining("lists no status 418");
	}

	@Test
	void leavesTheResponsesOfOtherServersUnjudged() throws IOException {
		MockClientHttpRequest elsewhere = new MockClientHttpRequest(HttpMethod.GET, URI
			.create("http://127.0.0.1:" + (service.getAddress().getPort() + 1) + "/children/" + UUID.randomUUID()));

		ClientHttpResponse response = interceptor.intercept(elsewhere, new byte[0],
				answering(HttpStatus.I_AM_A_TEAPOT, "whatever"));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.I_AM_A_TEAPOT);
	}

	private static MockClientHttpRequest getChild() {
		return new MockClientHttpRequest(HttpMethod.GET,
				URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/children/" + UUID.randomUUID()));
	}

	/**
	 * An execution that answers with this status, JSON body and headers (alternating).
	 */
	private static ClientHttpRequestExecution answering(HttpStatus status, String json, String... headers) {
		return (request, body) -> {
			MockClientHttpResponse response = new MockClientHttpResponse(json.getBytes(StandardCharsets.UTF_8), status);
			if (!json.isEmpty()) {
				response.getHeaders().add("Content-Type", "application/json");
			}
			for (int i = 0; i < headers.length; i += 2) {
				response.getHeaders().add(headers[i], headers[i + 1]);
			}
			return response;
		};
	}

}
