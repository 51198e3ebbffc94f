package com.talegenerator.tales.family;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** {@code /users/{userId}} asked for by a user: only the back-office acts for others. */
class BackOfficeOnlyException extends ErrorResponseException {

	BackOfficeOnlyException() {
		super(HttpStatus.FORBIDDEN);
		setDetail("Only the back-office exports or erases a family by user id; a user uses /me");
	}

}
