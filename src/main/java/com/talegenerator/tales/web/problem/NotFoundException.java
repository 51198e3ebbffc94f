package com.talegenerator.tales.web.problem;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A resource the caller asked for does not exist (or is not the caller's): 404, its
 * detail naming what was asked for.
 */
public abstract class NotFoundException extends ErrorResponseException {

	/** "{resource} {id} does not exist". */
	protected NotFoundException(String resource, UUID id) {
		this(resource + " " + id + " does not exist");
	}

	protected NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND);
		setDetail(detail);
	}

	@Override
	public String getMessage() {
		return String.valueOf(getBody().getDetail());
	}

}
