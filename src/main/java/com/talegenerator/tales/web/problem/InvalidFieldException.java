package com.talegenerator.tales.web.problem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A rule about a request field that Bean Validation cannot express on its own (two fields
 * that exclude each other, a header's syntax): 400 with the field named in
 * {@code errors}, like any validation error.
 */
public class InvalidFieldException extends ErrorResponseException {

	private final String field;

	private final String message;

	/**
	 * @param field the field as the client names it ({@code child}, {@code If-Match})
	 * @param message what is wrong with it
	 */
	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST);
		this.field = field;
		this.message = message;
		setDetail(field + ": " + message);
		getBody().setProperty("errors", List.of(new FieldMessage(field, message)));
	}

	public String field() {
		return this.field;
	}

	/** What is wrong with the field, without its name. */
	@Override
	public String getMessage() {
		return this.message;
	}

}
