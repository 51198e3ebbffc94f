package com.talegenerator.tales.shared;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a request the server itself rejects, a failure in
 * a filter) end up at {@code /error}. Boot would answer those in its own JSON shape; this
 * keeps them problem responses too, without the exception's message.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:/error}", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = status(request);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail(status));
		body.setType(ProblemResponses.ABOUT_BLANK);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		body.setInstance(java.net.URI.create((uri instanceof String path) ? path : request.getRequestURI()));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request could not be read";
			case NOT_FOUND -> "No such resource";
			case CONTENT_TOO_LARGE -> "The request is larger than the limit";
			default -> status.is5xxServerError() ? "The request failed on the server" : status.getReasonPhrase();
		};
	}

}
