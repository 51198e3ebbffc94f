package com.talegenerator.tales.web.problem;

import com.talegenerator.tales.storage.StorageException;
import com.talegenerator.tales.web.json.RequestBodyLimitFilter;
import com.talegenerator.tales.web.json.StrictUnicodeInputDecorator;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure in Spring MVC becomes an RFC 9457 problem response, following API.md's
 * status table. The service's own exceptions carry their problem
 * ({@link org.springframework.web.ErrorResponseException}), which the base class answers
 * with; the handlers here make one of what Spring, the libraries, the database and
 * storage throw. Every problem gets {@code about:blank} as its type and the request path
 * as its instance. Details speak the API's language (field names, expected types); the
 * exception itself, with SQL, driver messages and class names, goes to the server log
 * only, with the request it broke.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final String STORAGE_MISCONFIGURED = "File storage is not set up correctly, so the file was "
			+ "not stored; try again later (the service's log tells its operators what to change)";

	/**
	 * Storage failures, one {@link StorageException.Kind} to one answer: 503 with
	 * {@code Retry-After} when storage is down or misconfigured (the client cannot fix
	 * either), 413, 415 or 400 when the client's file is what storage refuses; never a
	 * 500. What storage said, and for a misconfiguration the setting to change, goes to
	 * the log, never to the client.
	 * <p>
	 * The table is here rather than in {@link StorageException}: the storage port says
	 * what failed in storage's terms and knows nothing of HTTP, so any caller (a cleanup
	 * after commit, a job) can use it, and the dependency runs one way, from the web to
	 * storage.
	 */
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
				yield unavailable(STORAGE_MISCONFIGURED, request);
			}
			case TYPE_REFUSED -> {
				log.error("{} failed: storage is misconfigured: {}", operation, ex.getMessage());
				yield unavailable("File storage is not set up to accept files of this type, so the file was not "
						+ "stored; try again later, or upload the audio in another format", request);
			}
			case TOO_LARGE -> {
				log.warn("{} refused by storage: {}", operation, ex.getMessage());
				yield problem(HttpStatus.CONTENT_TOO_LARGE,
						"The file is larger than storage accepts; upload a smaller file", request);
			}
			case NAME_REFUSED -> {
				// SafeFileName should only ever produce names storage accepts
				log.error("{} failed: storage refused the object's path: {}", operation, ex.getMessage());
				yield invalid(List.of(new FieldMessage("file",
						"storage refused the file's name; upload it again under a short name made of "
								+ "ASCII letters, digits, '.', '_' and '-'")),
						request);
			}
			case TYPE_INVALID -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"file: the part's Content-Type cannot be stored; send a plain audio type such as audio/mpeg",
					request);
		};
	}

	/**
	 * Tomcat decodes the query string only when a parameter is first asked for, and then
	 * refuses a malformed one ({@code %zz}, a truncated {@code %}) or too many of them:
	 * the client's error, not a failure of the server.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException ex, HttpServletRequest request) {
		log.debug("{} {} sent parameters Tomcat cannot read: {}", request.getMethod(), request.getRequestURI(),
				ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, ProblemErrorController.PARAMETERS_UNREADABLE, request);
	}

	/**
	 * Spring Security's firewall checks parameter names and values only when they are
	 * first read, long after its filter: one it refuses (a control character, a name that
	 * is really a JSON document) is the client's error too. The message, which quotes the
	 * parameter, stays in the log.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejectedRequest(RequestRejectedException ex, HttpServletRequest request) {
		log.debug("{} {} was rejected by the firewall: {}", request.getMethod(), request.getRequestURI(),
				ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, ProblemErrorController.PARAMETERS_UNREADABLE, request);
	}

	/**
	 * A multipart body that cannot be parsed (no boundary, truncated parts). An upload
	 * over the size limit is a {@code MaxUploadSizeExceededException}, which the base
	 * class answers with 413 before this handler is considered.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> malformedMultipart(MultipartException ex, HttpServletRequest request) {
		log.debug("{} {} sent a multipart body that cannot be read: {}", request.getMethod(), request.getRequestURI(),
				ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "The multipart body could not be read", request);
	}

	/**
	 * Thrown on: the response is committed, and only Tomcat can end it as failed (by
	 * closing the connection), which it does for an exception that leaves the servlet.
	 */
	@ExceptionHandler
	void aborted(ResponseAbortedException ex, HttpServletRequest request) {
		log.warn("{} {} was aborted half-way: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		throw ex;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (isDatabaseUnreachable(ex)) {
			log.warn("{} {} failed: database unreachable ({})", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			return unavailable("The database is unreachable; try again shortly", request);
		}
		if (hasSqlStateClass(ex, "22")) {
			// SQLSTATE class 22 (data exception): a value the request rules let through
			// but
			// PostgreSQL refuses, e.g. a NUL character in text or jsonb, or a number in
			// jsonb beyond numeric's range (1e999999999); nothing was written
			log.info("{} {} sent a value PostgreSQL cannot store: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			return problem(HttpStatus.BAD_REQUEST,
					"A value in the request cannot be stored (text must not contain NUL characters, "
							+ "numbers must be within the database's range)",
					request);
		}
		if (ex instanceof DataIntegrityViolationException && hasSqlState(ex, "23503")) {
			// a referenced row vanished between the service's check and the insert
			log.warn("{} {} referenced a row deleted meanwhile", request.getMethod(), request.getRequestURI());
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, "A row this request refers to does not exist", request);
		}
		if (ex instanceof DataIntegrityViolationException) {
			// the service checks references and rules first; this is a race with a
			// concurrent change
			log.warn("{} {} conflicted with a concurrent change", request.getMethod(), request.getRequestURI(), ex);
			return problem(HttpStatus.CONFLICT, "The request conflicts with a concurrent change; retry it", request);
		}
		log.error("{} {} failed", request.getMethod(), request.getRequestURI(), ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The request failed on the server", request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldMessage(error.getField(), message(error)))
			.toList();
		return asObject(invalid(errors, servletRequest(request)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldMessage(parameterName(result.getMethodParameter().getParameterName(),
						result.getMethodParameter().getParameterIndex()), message(error))))
			.toList();
		return asObject(invalid(errors, servletRequest(request)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = expected(ex.getRequiredType());
		return asObject(invalid(List.of(new FieldMessage(name, "must be " + expected)), servletRequest(request)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		if (causedBy(ex, RequestBodyLimitFilter.BodyTooLargeException.class) != null) {
			return asObject(problem(HttpStatus.CONTENT_TOO_LARGE, RequestBodyLimitFilter.TOO_LARGE, servletRequest));
		}
		StrictUnicodeInputDecorator.InvalidUnicodeException notUnicode = causedBy(ex,
				StrictUnicodeInputDecorator.InvalidUnicodeException.class);
		if (notUnicode != null) {
			return asObject(problem(HttpStatus.BAD_REQUEST, notUnicode.getMessage(), servletRequest));
		}
		UnrecognizedPropertyException unknown = causedBy(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			return asObject(invalid(List.of(new FieldMessage(path(unknown), "is not a field of this resource")),
					servletRequest));
		}
		MismatchedInputException mismatch = causedBy(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			return asObject(
					invalid(List.of(new FieldMessage(path(mismatch), "must be " + expected(mismatch.getTargetType()))),
							servletRequest));
		}
		StreamConstraintsException limits = causedBy(ex, StreamConstraintsException.class);
		if (limits != null) {
			return asObject(problem(HttpStatus.BAD_REQUEST,
					"The JSON body exceeds a limit (nesting depth, string or number length)", servletRequest));
		}
		StreamReadException malformed = causedBy(ex, StreamReadException.class);
		if (malformed != null) {
			String what = String.valueOf(malformed.getOriginalMessage()).startsWith("Duplicate")
					? "The JSON body has a duplicate key" : "The body is not valid JSON";
			return asObject(problem(HttpStatus.BAD_REQUEST, what + at(malformed), servletRequest));
		}
		String detail = (mismatch != null) ? "The body must be a JSON object"
				: "The request body is missing or unreadable";
		return asObject(problem(HttpStatus.BAD_REQUEST, detail, servletRequest));
	}

	/**
	 * Tomcat refuses a part whose headers (its Content-Disposition with the file name,
	 * its Content-Type) are over {@code server.tomcat.max-part-header-size} with the
	 * exception it uses for sizes, and Spring takes that for an upload over the limit: a
	 * 413 that would blame the file's size. Only Tomcat's message tells the two apart.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SizeException size && size.getMessage() != null
					&& size.getMessage().startsWith("Header section has more than")) {
				String detail = "A part's headers (its Content-Disposition with the file name, and its "
						+ "Content-Type) are larger than " + size.getPermittedSize()
						+ " bytes; send a shorter file name";
				return asObject(problem(HttpStatus.BAD_REQUEST, detail, servletRequest(request)));
			}
		}
		return super.handleMaxUploadSizeExceededException(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		return asObject(problem(HttpStatus.NOT_FOUND,
				"No resource at " + servletRequest.getMethod() + " " + servletRequest.getRequestURI(), servletRequest));
	}

	/**
	 * The problems of Spring's exceptions (405, 415, …) and of the service's own get the
	 * request path as {@code instance}, like those made here.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getInstance() == null) {
				problem.setInstance(URI.create(servletRequest(request).getRequestURI()));
			}
			problem.setType(ProblemWriter.ABOUT_BLANK);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<ProblemDetail> invalid(List<FieldMessage> errors, HttpServletRequest request) {
		String detail = (errors.size() == 1) ? errors.get(0).field() + ": " + errors.get(0).message()
				: errors.size() + " fields are invalid";
		ProblemDetail body = body(HttpStatus.BAD_REQUEST, detail, request);
		body.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(body);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
		return ResponseEntity.status(status).body(body(status, detail, request));
	}

	private static ResponseEntity<ProblemDetail> unavailable(String detail, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, ProblemWriter.RETRY_AFTER_SECONDS)
			.body(body(HttpStatus.SERVICE_UNAVAILABLE, detail, request));
	}

	private static ProblemDetail body(HttpStatus status, String detail, HttpServletRequest request) {
		return ProblemWriter.problem(status.value(), detail, request.getRequestURI());
	}

	private static boolean isDatabaseUnreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// the transaction itself could not be committed or rolled back: the
			// connection
			// broke under it (the rollback after a failed query or commit then fails with
			// "Connection is closed" and hides the original error)
			if (cause instanceof TransactionSystemException) {
				return true;
			}
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException
					|| cause instanceof java.net.ConnectException) {
				return true;
			}
			// 08: connection exception; 57P: the server is shutting down or restarting
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasSqlStateClass(Throwable ex, String stateClass) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith(stateClass)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasSqlState(Throwable ex, String state) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && state.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static <T extends Throwable> @Nullable T causedBy(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The JSON path of the offending value, as a client names it:
	 * {@code child.interests[2]}.
	 */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String at(StreamReadException ex) {
		if (ex.getLocation() == null || ex.getLocation().getLineNr() < 1) {
			return "";
		}
		return " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
	}

	/** Names a Java type as a JSON client knows it, never by its class name. */
	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
			return "a number";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		if (error instanceof FieldError fieldError && fieldError.isBindingFailure()) {
			return "has the wrong type";
		}
		return (message != null) ? message : "is invalid";
	}

	private static String parameterName(@Nullable String name, int index) {
		return (name != null) ? name : "parameter " + index;
	}

	private static HttpServletRequest servletRequest(WebRequest request) {
		return ((ServletWebRequest) request).getRequest();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
		return (ResponseEntity) response;
	}

}
