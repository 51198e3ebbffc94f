package com.talegenerator.tales.storage;

import java.net.URI;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The service's URL is the configured one, or each request's own: kept from one request
 * to the next only while the origin stays the same.
 */
class ServiceOriginTests {

	@AfterEach
	void leaveTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void isEachRequestsOwnOrigin() {
		ServiceOrigin origin = ServiceOrigin.ofCurrentRequest();

		assertThat(get(origin, request("http", "localhost", 8080, ""))).isEqualTo("http://localhost:8080");
		assertThat(get(origin, request("http", "localhost", 8080, ""))).isEqualTo("http://localhost:8080");
		assertThat(get(origin, request("https", "localhost", 8080, ""))).isEqualTo("https://localhost:8080");
		assertThat(get(origin, request("https", "tales.example", 443, ""))).isEqualTo("https://tales.example");
		assertThat(get(origin, request("http", "tales.example", 80, ""))).isEqualTo("http://tales.example");
		assertThat(get(origin, request("http", "tales.example", 8081, ""))).isEqualTo("http://tales.example:8081");
		assertThat(get(origin, request("http", "tales.example", 8081, "/api")))
			.isEqualTo("http://tales.example:8081/api");
		assertThat(get(origin, request("http", "[::1]", 8080, ""))).isEqualTo("http://[::1]:8080");
		assertThat(get(origin, request("http", "localhost", 8080, ""))).isEqualTo("http://localhost:8080");
	}

	@Test
	void isTheConfiguredUrlWhateverTheRequest() {
		Supplier<String> origin = ServiceOrigin.of(URI.create("https://tales.example/base/"));

		assertThat(origin.get()).isEqualTo("https://tales.example/base");
		assertThat(get(origin, request("http", "localhost", 8080, ""))).isEqualTo("https://tales.example/base");
		assertThat(ServiceOrigin.of(URI.create("http://localhost:9000")).get()).isEqualTo("http://localhost:9000");
	}

	@Test
	void needsARequestWhenNoneIsConfigured() {
		assertThatIllegalStateException().isThrownBy(() -> ServiceOrigin.ofCurrentRequest().get());
	}

	/** The origin's URL while answering this request. */
	private static String get(Supplier<String> origin, MockHttpServletRequest request) {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		return origin.get();
	}

	private static MockHttpServletRequest request(String scheme, String host, int port, String contextPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + "/stories/1");
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		request.setContextPath(contextPath);
		return request;
	}

}
