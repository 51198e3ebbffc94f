package com.talegenerator.tales.storage;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code Range} asked for is not within the stored file: 416, with the file's length
 * in {@code Content-Range} so the client can ask again.
 */
class UnsatisfiableRangeException extends ErrorResponseException {

	UnsatisfiableRangeException(long size) {
		super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
		setDetail("The range is not within the file's " + size + " bytes");
		getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
	}

}
