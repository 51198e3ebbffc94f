package com.talegenerator.tales.web.etag;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The resource changed since the version a request's {@code If-Match} names: 412, with
 * the current ETag so the client knows the version it lost against.
 */
class PreconditionFailedException extends ErrorResponseException {

	PreconditionFailedException(String currentETag) {
		super(HttpStatus.PRECONDITION_FAILED);
		setDetail("The resource changed since the version named by If-Match (it is now " + currentETag
				+ "); read it again and reapply the change");
		getHeaders().setETag(currentETag);
	}

}
