package com.talegenerator.tales.web.problem;

import java.nio.charset.StandardCharsets;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Tomcat refuses before any servlet sees them (a malformed request line,
 * header or path) get a problem response like every other error, not Tomcat's HTML page.
 * Sent over a plain socket, since an HTTP client refuses to send most of them.
 */
class TomcatRejectionsIntegrationTests extends IntegrationTestSupport {

	@LocalServerPort
	private int port;

	private RawHttp raw;

	@BeforeEach
	void connectSocket() {
		this.raw = new RawHttp(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/storage/v1/object/public/tales/..%2F..%2Fx", "/storage/v1/object/public/tales/..%5Cx",
			"/storage/v1/object/public/tales/stories/%2e%2e%2f%2e%2e%2fsecret", "/children/%zz", "/children/%",
			"/children/%0", "/children/%00", "/children/a%00b", "/a/../../x", "/../etc/passwd", "/%2e%2e/%2e%2e/x",
			"/x%c0%ae", "/children%2Fstories", "/children/\"<script>", "/children/{}", "/children/a|b", "/children/a^b",
			"/children/a`b", "children", "*" })
	void refusesMalformedPathsWithAProblem(String target) {
		RawHttp.Response response = this.raw.request("GET", target);

		assertThat(response.status()).as("%s: %s", target, response).isIn(400, 404);
		assertTomcatFree(response);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /chi ldren HTTP/1.1", "G(T /children HTTP/1.1", "GET /children HTTP/1.1 extra",
			"GET /chi\u007fldren HTTP/1.1", "GET /children?name=a\u0001b HTTP/1.1", "GET http://evil/children HTTP/1.1",
			"GET /children HTTP/1.1\r\nBad Header: x", "GET /children HTTP/1.1\r\nHost: a b",
			"GET /children HTTP/1.1\r\nContent-Length: abc",
			"GET /children HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2", "GET /children HTTP/1.1\r\nX: a\u0000b",
			"GET /children HTTP/1.1\r\n: no-name" })
	void refusesMalformedRequestLinesAndHeadersWithAProblem(String head) {
		RawHttp.Response response = this.raw
			.sendRaw((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		assertThat(response.status()).as("%s: %s", head, response).isEqualTo(400);
		assertTomcatFree(response);
	}

	@Test
	void refusesAHeaderOverTheLimitWithAProblem() {
		RawHttp.Response response = this.raw.request("GET", "/children", "X-Large: " + "a".repeat(20_000));

		assertThat(response.status()).isEqualTo(400);
		assertTomcatFree(response);
	}

	@Test
	void refusesAPathOverTheLimitWithAProblem() {
		RawHttp.Response response = this.raw.request("GET", "/" + "a".repeat(70_000));

		assertThat(response.status()).isIn(400, 414);
		assertTomcatFree(response);
	}

	@Test
	void refusesProtocolsItDoesNotSpeakWithAProblem() {
		RawHttp.Response version = this.raw.sendRaw(
				"GET /children HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		RawHttp.Response coding = this.raw.request("POST", "/children", "Transfer-Encoding: bogus");

		assertThat(version.status()).isEqualTo(505);
		assertTomcatFree(version);
		assertThat(coding.status()).isEqualTo(501);
		assertTomcatFree(coding);
	}

	@Test
	void refusesConnectWithAProblemThatNamesTheMethod() {
		RawHttp.Response connect = this.raw.request("CONNECT", "/children");

		assertThat(connect.status()).isEqualTo(501);
		assertThat(assertTomcatFree(connect).get("detail").asString()).contains("method");
	}

	@Test
	void showsTheRequestTargetAsAValidInstance() {
		// the request line parses, the path does not decode
		assertThat(assertTomcatFree(this.raw.request("GET", "/children/%zz")).get("instance").asString())
			.isEqualTo("/children/%25zz");
		assertThat(assertTomcatFree(this.raw.request("GET", "/children/a%")).get("instance").asString())
			.isEqualTo("/children/a%25");
		// a request line that does not even parse has no path to show
		assertThat(assertTomcatFree(this.raw.request("GET", "/children/\"x")).get("instance").asString())
			.isEqualTo("/");
	}

	@Test
	void leavesTheApplicationsOwnProblemsAlone() {
		RawHttp.Response response = this.raw.request("GET", "/children/not-a-uuid");

		assertThat(assertProblem(response, 400, "/children/not-a-uuid").has("errors")).isTrue();
	}

	private static JsonNode assertTomcatFree(RawHttp.Response response) {
		JsonNode problem = assertProblem(response);
		assertThat(response.body()).doesNotContainIgnoringCase("tomcat")
			.doesNotContainIgnoringCase("apache")
			.doesNotContain("\tat ")
			.doesNotContainIgnoringCase("<!doctype");
		assertThat(response.header("Content-Language")).isEmpty();
		return problem;
	}

}
