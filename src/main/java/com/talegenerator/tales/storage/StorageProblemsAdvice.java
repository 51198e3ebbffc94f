package com.talegenerator.tales.storage;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.talegenerator.tales.web.problem.ProblemResponses;

/**
 * Storage failures as problem responses, one {@link StorageException.Kind} to one answer:
 * 503 with {@code Retry-After} when storage is down or misconfigured (the client cannot
 * fix either), 413, 415 or 400 when the client's file is what storage refuses; never a
 * 500. What storage said, and for a misconfiguration the setting to change, goes to the
 * log, never to the client.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StorageProblemsAdvice {

	private static final Logger log = LoggerFactory.getLogger(StorageProblemsAdvice.class);

	private static final String MISCONFIGURED = "File storage is not set up correctly, so the file was not stored; "
			+ "try again later (the service's log tells its operators what to change)";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> storageFailed(StorageException ex, HttpServletRequest request) {
		String operation = request.getMethod() + " " + request.getRequestURI();
		return switch (ex.kind()) {
			case UNAVAILABLE -> {
				log.error("{} failed: storage is unavailable: {}", operation, ex.getMessage(), ex);
				yield unavailable("File storage is unavailable; try again shortly", request);
			}
			case CONTENT_UNREADABLE -> {
				log.error("{} failed: the upload could not be read for storing: {}", operation, ex.getMessage(), ex);
				yield unavailable("The upload could not be stored; send it again", request);
			}
			// one line each: the message names the setting, a stack trace would bury it
			case UNAUTHORIZED, BUCKET_MISSING, INCOMPATIBLE -> {
				log.error("{} failed: storage is misconfigured: {}", operation, ex.getMessage());
				yield unavailable(MISCONFIGURED, request);
			}
			case TYPE_REFUSED -> {
				log.error("{} failed: storage is misconfigured: {}", operation, ex.getMessage());
				yield unavailable("File storage is not set up to accept files of this type, so the file was not "
						+ "stored; try again later, or upload the audio in another format", request);
			}
			case TOO_LARGE -> {
				log.warn("{} refused by storage: {}", operation, ex.getMessage());
				yield ProblemResponses.response(HttpStatus.CONTENT_TOO_LARGE,
						"The file is larger than storage accepts; upload a smaller file", request);
			}
			case NAME_REFUSED -> {
				// SafeFileName should only ever produce names storage accepts
				log.error("{} failed: storage refused the object's path: {}", operation, ex.getMessage());
				String message = "storage refused the file's name; upload it again under a short name made of "
						+ "ASCII letters, digits, '.', '_' and '-'";
				ProblemDetail body = ProblemResponses.body(HttpStatus.BAD_REQUEST, "file: " + message, request);
				body.setProperty("errors", List.of(new FieldMessage("file", message)));
				yield ResponseEntity.badRequest().body(body);
			}
			case TYPE_INVALID -> ProblemResponses.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"file: the part's Content-Type cannot be stored; send a plain audio type such as audio/mpeg",
					request);
		};
	}

	private static ResponseEntity<ProblemDetail> unavailable(String detail, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS)
			.body(ProblemResponses.body(HttpStatus.SERVICE_UNAVAILABLE, detail, request));
	}

	/** One invalid field, as in every validation problem's {@code errors} array. */
	record FieldMessage(String field, String message) {
	}

}
