package com.talegenerator.tales.hero;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.web.etag.ETags;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Heroes as responses: each with its portrait's URL as clients get it (signed, by
 * default), all the URLs of one response signed together.
 */
@Component
class HeroResponses {

	private static final String PORTRAIT_FIELD = "portraitUrl";

	private final MediaLinks media;

	HeroResponses(MediaLinks media) {
		this.media = media;
	}

	/** 200 with the hero and its ETag (which names the signing window of its URL). */
	ResponseEntity<HeroResponse> ok(Hero hero) {
		MediaLinks.Links links = this.media.of(hero.portraitUrl());
		return ETags.ok(HeroResponse.of(hero, links), hero.updatedAt(), links.variant());
	}

	/** 201 with the new hero, its Location and its ETag. */
	ResponseEntity<HeroResponse> created(URI location, Hero hero) {
		return ETags.created(location, HeroResponse.of(hero, this.media.of(hero.portraitUrl())), hero.updatedAt());
	}

	KeysetPage<HeroResponse> page(KeysetPage<Hero> heroes) {
		List<String> kept = new ArrayList<>(heroes.items().size());
		heroes.items().forEach((hero) -> kept.add(hero.portraitUrl()));
		MediaLinks.Links links = this.media.of(kept);
		return heroes.map((hero) -> HeroResponse.of(hero, links));
	}

	/** A {@code fields=} page, its portraits' URLs replaced by what clients get. */
	KeysetPage<Map<String, Object>> sparse(KeysetPage<Map<String, Object>> heroes) {
		List<String> kept = new ArrayList<>();
		heroes.items().forEach((hero) -> {
			if (hero.get(PORTRAIT_FIELD) instanceof String url) {
				kept.add(url);
			}
		});
		if (!kept.isEmpty()) {
			this.media.of(kept).rewrite(heroes.items(), PORTRAIT_FIELD);
		}
		return heroes;
	}

}
