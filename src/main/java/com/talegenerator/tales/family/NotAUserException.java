package com.talegenerator.tales.family;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** {@code /me} asked for by the back-office, which is no user and has no family: 400. */
class NotAUserException extends ErrorResponseException {

	NotAUserException(String instead) {
		super(HttpStatus.BAD_REQUEST);
		setDetail("The back-office is not a user and has no family of its own: use " + instead);
	}

}
