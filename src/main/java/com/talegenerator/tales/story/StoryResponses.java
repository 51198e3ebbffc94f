package com.talegenerator.tales.story;

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
 * Stories as responses: each with its media URLs as clients get them (signed, by
 * default), all the URLs of one response signed together.
 */
@Component
class StoryResponses {

	/** The fields that hold a stored file's URL, in a full story and in a sparse one. */
	private static final String[] MEDIA_FIELDS = { "audioFileUrl", "thumbnailUrl" };

	private final MediaLinks media;

	StoryResponses(MediaLinks media) {
		this.media = media;
	}

	/** 200 with the story and its ETag (which names the signing window of its URLs). */
	ResponseEntity<StoryResponse> ok(Story story) {
		MediaLinks.Links links = this.media.of(story.audioFileUrl(), story.thumbnailUrl());
		return ETags.ok(StoryResponse.of(story, links), story.updatedAt(), links.variant());
	}

	/** 201 with the new story, its Location and its ETag. */
	ResponseEntity<StoryResponse> created(URI location, Story story) {
		return ETags.created(location,
				StoryResponse.of(story, this.media.of(story.audioFileUrl(), story.thumbnailUrl())), story.updatedAt());
	}

	KeysetPage<StoryResponse> page(KeysetPage<Story> stories) {
		List<String> kept = new ArrayList<>(stories.items().size() * 2);
		for (Story story : stories.items()) {
			kept.add(story.audioFileUrl());
			kept.add(story.thumbnailUrl());
		}
		MediaLinks.Links links = this.media.of(kept);
		return stories.map((story) -> StoryResponse.of(story, links));
	}

	/** A {@code fields=} page, its media URLs replaced by what clients get. */
	KeysetPage<Map<String, Object>> sparse(KeysetPage<Map<String, Object>> stories) {
		List<String> kept = new ArrayList<>();
		for (Map<String, Object> story : stories.items()) {
			for (String field : MEDIA_FIELDS) {
				if (story.get(field) instanceof String url) {
					kept.add(url);
				}
			}
		}
		if (!kept.isEmpty()) {
			this.media.of(kept).rewrite(stories.items(), MEDIA_FIELDS);
		}
		return stories;
	}

}
