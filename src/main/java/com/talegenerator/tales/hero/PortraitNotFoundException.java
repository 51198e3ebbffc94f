package com.talegenerator.tales.hero;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** The hero exists but has no portrait: 404. */
class PortraitNotFoundException extends NotFoundException {

	PortraitNotFoundException(UUID heroId) {
		super("Hero " + heroId + " has no portrait");
	}

}
