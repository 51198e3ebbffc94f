package com.talegenerator.tales.web.problem;

/**
 * A response already under way (its status and first bytes sent) cannot be finished, e.g.
 * a download whose source failed half-way: no problem can be sent any more, and finishing
 * it would make a truncated body look complete. The advice lets it leave the servlet, and
 * Tomcat, seeing an error on a committed response, closes the connection without ending
 * the body (no last chunk), which every client reports as an error.
 */
public class ResponseAbortedException extends RuntimeException {

	public ResponseAbortedException(String message, Throwable cause) {
		super(message, cause);
	}

}
