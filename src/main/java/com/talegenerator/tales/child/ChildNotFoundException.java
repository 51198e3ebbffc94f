package com.talegenerator.tales.child;

import java.util.UUID;

import com.talegenerator.tales.web.problem.NotFoundException;

/** No child has the id the client asked for. */
class ChildNotFoundException extends NotFoundException {

	ChildNotFoundException(UUID id) {
		super("Child", id);
	}

}
