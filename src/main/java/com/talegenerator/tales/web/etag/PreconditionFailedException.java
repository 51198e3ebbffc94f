package com.talegenerator.tales.web.etag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The resource changed since the version a request's {@code If-Match} names: 412, with
 * the current ETag so the client knows the version it lost against. An
 * {@link ErrorResponseException}, so the problem handler renders it like Spring's own.
 */
class PreconditionFailedException extends ErrorResponseException {

	PreconditionFailedException(String currentETag) {
		super(HttpStatus.PRECONDITION_FAILED,
				ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
						"The resource changed since the version named by If-Match (it is now " + currentETag
								+ "); read it again and reapply the change"),
				null);
		getHeaders().setETag(currentETag);
	}

}
