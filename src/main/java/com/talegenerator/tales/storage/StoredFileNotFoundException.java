package com.talegenerator.tales.storage;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No stored file at the public URL asked for: 404. */
class StoredFileNotFoundException extends ErrorResponseException {

	StoredFileNotFoundException(String requestUri) {
		super(HttpStatus.NOT_FOUND);
		setDetail("No file at " + requestUri);
	}

}
