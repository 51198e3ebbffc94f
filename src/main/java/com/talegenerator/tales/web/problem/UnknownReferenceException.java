package com.talegenerator.tales.web.problem;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request body names a row that does not exist (a new story's {@code childId}): 422,
 * since the request itself is well-formed, with the field named in {@code errors}.
 */
public class UnknownReferenceException extends ErrorResponseException {

	private final String field;

	public UnknownReferenceException(String field, String resource, UUID id) {
		super(HttpStatus.UNPROCESSABLE_CONTENT);
		this.field = field;
		String detail = resource + " " + id + " does not exist";
		setDetail(detail);
		getBody().setProperty("errors", List.of(new FieldMessage(field, detail)));
	}

	public String field() {
		return this.field;
	}

	@Override
	public String getMessage() {
		return String.valueOf(getBody().getDetail());
	}

}
