package com.talegenerator.tales.web.etag;

import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.HttpApi;
import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.bean.override.mockito.MockitoBean;

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
		HttpApi.Response child = this.api.post("/children", "{\"name\":\"Mine\",\"age\":5,\"gender\":\"girl\"}");
		HttpApi.Response story = this.api.post("/stories", "{\"title\":\"Mine\",\"content\":\"c\",\"moral\":\"m\"}");
		String childPath = "/children/" + child.json().get("id").asString();
		String storyPath = "/stories/" + story.json().get("id").asString();
		given(this.caller.get()).willReturn(STRANGER);

		for (String ifMatch : List.of(child.header("ETag").orElseThrow(), "\"0\"", "*")) {
			Problems.assertProblem(this.api.exchange("PUT", childPath,
					"{\"name\":\"Theirs\",\"age\":5,\"gender\":\"girl\"}", "If-Match", ifMatch), 404, childPath);
			Problems.assertProblem(this.api.exchange("DELETE", childPath, null, "If-Match", ifMatch), 404, childPath);
		}
		for (String ifMatch : List.of(story.header("ETag").orElseThrow(), "\"0\"", "*")) {
			Problems.assertProblem(
					this.api.exchange("PUT", storyPath + "/rating", "{\"rating\":1}", "If-Match", ifMatch), 404,
					storyPath + "/rating");
			Problems.assertProblem(this.api.postMultipart(storyPath + "/audio",
					new Multipart().file("file", "theirs.mp3", "audio/mpeg", new byte[] { 1 }), "If-Match", ifMatch),
					404, storyPath + "/audio");
		}
		given(this.caller.get()).willReturn(OWNER);
		assertThat(this.api.get(childPath).json()).isEqualTo(child.json());
		assertThat(this.api.get(storyPath).json()).isEqualTo(story.json());
	}

	@Test
	void aSharedHeroStaysReadOnlyForUsersWhateverTheIfMatch() {
		given(this.caller.get()).willReturn(Caller.BACK_OFFICE);
		HttpApi.Response hero = this.api.post("/heroes",
				"{\"name\":\"Shared\",\"gender\":\"female\",\"appearance\":\"A wise owl\"}");
		String path = "/heroes/" + hero.json().get("id").asString();
		given(this.caller.get()).willReturn(STRANGER);

		HttpApi.Response read = this.api.get(path);
		assertThat(read.header("ETag")).isEqualTo(hero.header("ETag"));
		assertThat(this.api
			.exchange("PUT", path, "{\"name\":\"Mine\",\"gender\":\"female\",\"appearance\":\"An owl\"}", "If-Match",
					"\"0\"")
			.status()).isEqualTo(403);
		assertThat(this.api.exchange("DELETE", path, null, "If-Match", "\"0\"").status()).isEqualTo(403);
		assertThat(this.api.get(path).json()).isEqualTo(hero.json());
	}

}
