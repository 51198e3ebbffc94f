package com.talegenerator.tales.storage;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No stored file at the URL asked for, or none where a row points: 404. */
class StoredFileNotFoundException extends ErrorResponseException {

	StoredFileNotFoundException(String requestUri) {
		super(HttpStatus.NOT_FOUND);
		setDetail("No file at " + requestUri);
	}

	/** The file a row points at is not in storage. */
	StoredFileNotFoundException() {
		super(HttpStatus.NOT_FOUND);
		setDetail("The file is missing from storage");
	}

}
