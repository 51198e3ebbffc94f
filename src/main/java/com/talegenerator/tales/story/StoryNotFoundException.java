package com.talegenerator.tales.story;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** No story has the id the client asked for. */
class StoryNotFoundException extends NotFoundException {

	StoryNotFoundException(UUID id) {
		super("Story", id);
	}

}
