package com.talegenerator.tales.web.problem;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Builds the API's RFC 9457 problem responses, for the handlers of every feature.
 */
public final class ProblemResponses {

	/**
	 * Every problem is fully described by its status, title and detail (RFC 9457, 4.2.1);
	 * the member is written out anyway, since API.md promises it in every problem.
	 */
	public static final URI ABOUT_BLANK = URI.create("about:blank");

	/** How long a client should wait before retrying after a 503, in seconds. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private ProblemResponses() {
	}

	/** A problem with this status and detail about the current request. */
	public static ProblemDetail body(HttpStatus status, String detail, HttpServletRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(ABOUT_BLANK);
		body.setInstance(URI.create(request.getRequestURI()));
		return body;
	}

	public static ResponseEntity<ProblemDetail> response(HttpStatus status, String detail, HttpServletRequest request) {
		return ResponseEntity.status(status).body(body(status, detail, request));
	}

}
