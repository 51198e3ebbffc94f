package com.talegenerator.tales.web.problem;

import java.util.UUID;

/**
 * A request body names a row that does not exist (a new story's {@code childId}): 422,
 * since the request itself is well-formed.
 */
public class UnknownReferenceException extends RuntimeException {

	private final String field;

	public UnknownReferenceException(String field, String resource, UUID id) {
		super(resource + " " + id + " does not exist");
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
