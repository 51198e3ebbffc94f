package com.talegenerator.tales.storage;

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

import com.talegenerator.tales.shared.ProblemResponses;

/**
 * Storage failures as problem responses: 503 with {@code Retry-After} when storage is
 * down or misconfigured (the client cannot fix either), 413 when it refuses the size.
 * What storage said goes to the log, never to the client.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StorageProblemsAdvice {

	private static final Logger log = LoggerFactory.getLogger(StorageProblemsAdvice.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> storageFailed(StorageException ex, HttpServletRequest request) {
		String operation = request.getMethod() + " " + request.getRequestURI();
		return switch (ex.kind()) {
			case TOO_LARGE -> ProblemResponses.response(HttpStatus.CONTENT_TOO_LARGE,
					"The file is larger than storage accepts", request);
			case REJECTED -> {
				log.error("{} failed: storage refused the object: {}", operation, ex.getMessage(), ex);
				yield ProblemResponses.response(HttpStatus.INTERNAL_SERVER_ERROR, "The file could not be stored",
						request);
			}
			default -> {
				log.error("{} failed: storage {}: {}", operation, ex.kind(), ex.getMessage(), ex);
				ProblemDetail body = ProblemResponses.body(HttpStatus.SERVICE_UNAVAILABLE,
						"File storage is unavailable; try again shortly", request);
				yield ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
					.header(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS)
					.body(body);
			}
		};
	}

}
