package com.talegenerator.tales.story;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** The story exists but has no thumbnail: 404. */
class ThumbnailNotFoundException extends NotFoundException {

	ThumbnailNotFoundException(UUID storyId) {
		super("Story " + storyId + " has no thumbnail");
	}

}
