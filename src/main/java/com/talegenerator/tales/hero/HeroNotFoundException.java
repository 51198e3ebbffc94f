package com.talegenerator.tales.hero;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** No hero has the id the client asked for. */
class HeroNotFoundException extends NotFoundException {

	HeroNotFoundException(UUID id) {
		super("Hero", id);
	}

}
