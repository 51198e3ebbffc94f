package com.talegenerator.tales.web.etag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * A precondition never tells a user about another user's rows: those answer 404 whatever
 * the {@code If-Match}, as if they did not exist. The caller is set by the test, so no
 * tokens are needed.
 */
class ConditionalRequestOwnershipIntegrationTests extends IntegrationTestSupport {

	private static final Caller OWNER = Caller.user(UUID.randomUUID());

	private static final Caller STRANGER = Caller.user(UUID.randomUUID());

	@MockitoBean
	private CurrentCaller caller;

	@BeforeEach
	void actAsTheOwner() {
		given(this.caller.get()).willReturn(OWNER);
	}

	@Test
	void anotherUsersRowsAnswer404WhateverTheIfMatch() {
		EntityExchangeResult<String> child = post("/children", "{\"name\":\"Mine\",\"age\":5,\"gender\":\"girl\"}");
		EntityExchangeResult<String> story = post("/stories", "{\"title\":\"Mine\",\"content\":\"c\",\"moral\":\"m\"}");
		String childPath = "/children/" + jsonBody(child).get("id").asString();
		String storyPath = "/stories/" + jsonBody(story).get("id").asString();
		given(this.caller.get()).willReturn(STRANGER);

		for (String ifMatch : List.of(header(child, "ETag").orElseThrow(), "\"0\"", "*")) {
			Problems.assertProblem(
					putIfMatch(childPath, "{\"name\":\"Theirs\",\"age\":5,\"gender\":\"girl\"}", ifMatch), 404,
					childPath);
			Problems.assertProblem(deleteIfMatch(childPath, ifMatch), 404, childPath);
		}
		for (String ifMatch : List.of(header(story, "ETag").orElseThrow(), "\"0\"", "*")) {
			Problems.assertProblem(putIfMatch(storyPath + "/rating", "{\"rating\":1}", ifMatch), 404,
					storyPath + "/rating");
			Problems.assertProblem(
					postMultipartIfMatch(storyPath + "/audio",
							new Multipart().file("file", "theirs.mp3", "audio/mpeg", MediaSamples.mp3(64)), ifMatch),
					404, storyPath + "/audio");
		}
		given(this.caller.get()).willReturn(OWNER);
		assertThat(jsonBody(get(childPath))).isEqualTo(jsonBody(child));
		assertThat(jsonBody(get(storyPath))).isEqualTo(jsonBody(story));
	}

	@Test
	void aSharedHeroStaysReadOnlyForUsersWhateverTheIfMatch() {
		given(this.caller.get()).willReturn(Caller.BACK_OFFICE);
		EntityExchangeResult<String> hero = post("/heroes",
				"{\"name\":\"Shared\",\"gender\":\"female\",\"appearance\":\"A wise owl\"}");
		String path = "/heroes/" + jsonBody(hero).get("id").asString();
		given(this.caller.get()).willReturn(STRANGER);

		EntityExchangeResult<String> read = get(path);
		assertThat(header(read, "ETag")).isEqualTo(header(hero, "ETag"));
		assertThat(putIfMatch(path, "{\"name\":\"Mine\",\"gender\":\"female\",\"appearance\":\"An owl\"}", "\"0\"")
			.getStatus()
			.value()).isEqualTo(403);
		assertThat(deleteIfMatch(path, "\"0\"").getStatus().value()).isEqualTo(403);
		assertThat(jsonBody(get(path))).isEqualTo(jsonBody(hero));
	}

	private EntityExchangeResult<String> putIfMatch(String path, String json, String ifMatch) {
		return this.client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.header("If-Match", ifMatch)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> deleteIfMatch(String path, String ifMatch) {
		return this.client.delete()
			.uri(URI.create(path))
			.header("If-Match", ifMatch)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> postMultipartIfMatch(String path, Multipart form, String ifMatch) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.header("If-Match", ifMatch)
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	// paths as written (already encoded, or a Link the service sent), not URI templates
	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

}
