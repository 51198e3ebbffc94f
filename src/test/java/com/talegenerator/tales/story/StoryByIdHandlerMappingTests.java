package com.talegenerator.tales.story;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the direct route takes: only the plain GET of a story; everything else
 * is left to the annotated route (no handler here).
 */
class StoryByIdHandlerMappingTests {

	private static final String ID = "0b8f4b9e-6c3a-4a57-9d7e-2f1c0a6b5e41";

	private final StoryByIdHandlerMapping mapping = new StoryByIdHandlerMapping(new StoryController(null, null), null,
			null);

	@Test
	void takesThePlainGetOfAStory() {
		MockHttpServletRequest request = request("GET", "/stories/" + ID);

		assertThat(handler(request)).isInstanceOf(HttpRequestHandler.class);
		assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)).isEqualTo("/stories/{id}");
	}

	@Test
	void takesAnIdInCapitalsAndAnAcceptOfJsonOrAnything() {
		assertThat(handler(request("GET", "/stories/" + ID.toUpperCase()))).isNotNull();
		assertThat(handler(withHeader(request("GET", "/stories/" + ID), "Accept", "application/json"))).isNotNull();
		assertThat(handler(withHeader(request("GET", "/stories/" + ID), "Accept", "*/*"))).isNotNull();
	}

	@Test
	void leavesOtherMethodsAndPathsToTheAnnotatedRoutes() {
		assertThat(handler(request("HEAD", "/stories/" + ID))).isNull();
		assertThat(handler(request("PUT", "/stories/" + ID))).isNull();
		assertThat(handler(request("DELETE", "/stories/" + ID))).isNull();
		assertThat(handler(request("GET", "/stories/" + ID + "/rating"))).isNull();
		assertThat(handler(request("GET", "/stories/" + ID + "/"))).isNull();
		assertThat(handler(request("GET", "/stories"))).isNull();
		assertThat(handler(request("GET", "/heroes/" + ID))).isNull();
	}

	@Test
	void leavesIdsNotInTheCanonicalFormToTheAnnotatedRouteAndItsProblem() {
		assertThat(handler(request("GET", "/stories/1-1-1-1-1"))).isNull();
		assertThat(handler(request("GET", "/stories/" + ID.replace("-", "") + "abcd"))).isNull();
		assertThat(handler(request("GET", "/stories/" + ID.replace('a', 'g')))).isNull();
		assertThat(handler(request("GET", "/stories/" + ID.replace('-', '_')))).isNull();
		// digits of another script, which Character.digit would read
		assertThat(handler(request("GET", "/stories/" + ID.replace('0', '\u0660')))).isNull();
		assertThat(handler(request("GET", "/stories/%30" + ID.substring(1)))).isNull();
	}

	@Test
	void leavesNegotiationAndConditionalRequestsToSpringMvc() {
		String path = "/stories/" + ID;
		assertThat(handler(withHeader(request("GET", path), "Accept", "text/html"))).isNull();
		assertThat(handler(withHeader(request("GET", path), "Accept", "application/json, */*;q=0.5"))).isNull();
		assertThat(handler(withHeader(request("GET", path), "Accept", "application/json;q=0"))).isNull();
		MockHttpServletRequest twoAccepts = withHeader(request("GET", path), "Accept", "application/json");
		twoAccepts.addHeader("Accept", "text/html");
		assertThat(handler(twoAccepts)).isNull();
		for (String conditional : new String[] { "If-None-Match", "If-Modified-Since", "If-Match",
				"If-Unmodified-Since" }) {
			assertThat(handler(withHeader(request("GET", path), conditional, "\"1\""))).as(conditional).isNull();
		}
	}

	private @Nullable Object handler(MockHttpServletRequest request) {
		ServletRequestPathUtils.parseAndCache(request);
		return this.mapping.getHandlerInternal(request);
	}

	private static MockHttpServletRequest request(String method, String path) {
		return new MockHttpServletRequest(method, path);
	}

	private static MockHttpServletRequest withHeader(MockHttpServletRequest request, String name, String value) {
		request.addHeader(name, value);
		return request;
	}

}
