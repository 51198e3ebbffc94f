package com.talegenerator.tales.storage;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class SignedUrlsTests {

	private static final String BASE = "http://localhost:8080/storage/v1/object/sign/tales/";

	@Test
	void leavesTheServicesOwnKeysAsTheyAre() {
		assertThat(SignedUrls.of(BASE, "stories/0b8c/bed_time-1.mp3", "a.b.c"))
			.isEqualTo(BASE + "stories/0b8c/bed_time-1.mp3?token=a.b.c");
	}

	@Test
	void encodesWhatAPathCannotHoldAsAUriBuilderWould() {
		String path = "stories/x/my story (1)?#%é🦊.mp3";

		String url = SignedUrls.of(BASE, path, "t");

		assertThat(url).isEqualTo(BASE + "stories/x/my%20story%20(1)%3F%23%25%C3%A9%F0%9F%A6%8A.mp3?token=t");
		assertThat(url).isEqualTo(UriComponentsBuilder.fromUriString(BASE)
			.path(path)
			.queryParam("token", "t")
			.build()
			.encode()
			.toUriString());
		assertThat(URI.create(url).getPath()).isEqualTo("/storage/v1/object/sign/tales/" + path);
	}

	@Test
	void keepsTheCharactersSupabaseAllowsInKeysThatAPathMayHold() {
		assertThat(SignedUrls.of(BASE, "a!$&'()*+,;=:@-._~b", "t")).isEqualTo(BASE + "a!$&'()*+,;=:@-._~b?token=t");
	}

}
