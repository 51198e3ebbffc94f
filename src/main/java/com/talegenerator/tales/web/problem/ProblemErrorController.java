package com.talegenerator.tales.web.problem;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Errors that never reach a controller (a request the server itself rejects, a failure in
 * a filter) end up at {@code /error}. Boot would answer those in its own JSON shape; this
 * keeps them problem responses too, without the exception's message.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	/** The detail of a 400 for a query string (or form) Tomcat cannot decode. */
	static final String PARAMETERS_UNREADABLE = "The query string could not be read "
			+ "(malformed percent-encoding, a character that is not allowed, or too many parameters)";

	private final ProblemWriter problems;

	ProblemErrorController(ProblemWriter problems) {
		this.problems = problems;
	}

	/**
	 * Answers with a problem whose {@code instance} is the path of the request that
	 * failed.
	 */
	@RequestMapping(path = "${server.error.path:/error}", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		this.problems.write(response, ProblemWriter.problem(status.value(), detail(status),
				(uri instanceof String path) ? path : request.getRequestURI()));
	}

	private static HttpStatus status(HttpServletRequest request) {
		HttpStatus client = clientError(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
		if (client != null) {
			return client;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	/**
	 * A filter that reads the query string or the body before any controller (Spring
	 * Security's, or one added later) fails on what the client sent; the servlet
	 * container would count that as a 500.
	 */
	private static @Nullable HttpStatus clientError(@Nullable Object exception) {
		Throwable cause = (exception instanceof Throwable thrown) ? thrown : null;
		for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
			if (cause instanceof MaxUploadSizeExceededException) {
				return HttpStatus.CONTENT_TOO_LARGE;
			}
			if (cause instanceof InvalidParameterException || cause instanceof RequestRejectedException
					|| cause instanceof HttpMessageNotReadableException || cause instanceof MultipartException) {
				return HttpStatus.BAD_REQUEST;
			}
		}
		return null;
	}

	/**
	 * What a problem of this status says when nothing more specific is known; also used
	 * by {@link ProblemErrorReportValve} for the requests Tomcat refuses itself.
	 */
	static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request could not be read";
			case NOT_FOUND -> "No such resource";
			case CONTENT_TOO_LARGE -> "The request is larger than the limit";
			// refusals of the protocol, not failures of the server; Tomcat answers 501
			// for a Transfer-Encoding it cannot decode and for CONNECT
			case NOT_IMPLEMENTED -> "The server does not implement the request's method or transfer coding";
			case HTTP_VERSION_NOT_SUPPORTED -> "The request uses an HTTP version the server does not support";
			default -> status.is5xxServerError() ? "The request failed on the server" : status.getReasonPhrase();
		};
	}

}
