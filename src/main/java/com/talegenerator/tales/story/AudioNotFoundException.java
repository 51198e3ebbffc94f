package com.talegenerator.tales.story;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** The story exists but has no audio yet. */
class AudioNotFoundException extends NotFoundException {

	AudioNotFoundException(UUID storyId) {
		super("Story " + storyId + " has no audio");
	}

}
