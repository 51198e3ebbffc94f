package com.talegenerator.tales.storage;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A signed URL whose token is missing, not ours, for another object or expired: 403,
 * saying which, so that a client knows to ask for a fresh URL.
 */
class SignedUrlRefusedException extends ErrorResponseException {

	SignedUrlRefusedException(SignedUrlToken.Verdict verdict) {
		super(HttpStatus.FORBIDDEN);
		setDetail(switch (verdict) {
			case MISSING -> "The URL has no token: ask the API for the file's signed URL";
			case EXPIRED -> "The URL has expired: ask the API for a fresh one";
			case OTHER_OBJECT -> "The URL's token is for another file";
			default -> "The URL's token is not valid";
		});
	}

}
