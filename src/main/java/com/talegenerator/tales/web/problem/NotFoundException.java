package com.talegenerator.tales.web.problem;

import java.util.UUID;

/**
 * A resource the caller asked for by id does not exist (or is not the caller's): 404.
 */
public abstract class NotFoundException extends RuntimeException {

	protected NotFoundException(String resource, UUID id) {
		super(resource + " " + id + " does not exist");
	}

}
