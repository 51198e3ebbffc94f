package com.talegenerator.tales.web.problem;

/**
 * A rule about a request field that Bean Validation cannot express on its own (two fields
 * that exclude each other): 400 with the field named, like any validation error.
 */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
