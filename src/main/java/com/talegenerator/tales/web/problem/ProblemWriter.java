package com.talegenerator.tales.web.problem;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Writes a problem straight onto a servlet response, for the refusals that never reach
 * the advice: the security chain's 401, 403 and 503, the CORS refusal, the error page and
 * Tomcat's own refusals. The body is the one the advice's answers have: the same fields,
 * rendered by the application's JSON mapper as {@code application/problem+json}, with its
 * length.
 */
@Component
public final class ProblemWriter {

	/**
	 * Every problem is fully described by its status, title and detail (RFC 9457, 4.2.1);
	 * the member is written out anyway, since API.md promises it in every problem.
	 */
	static final URI ABOUT_BLANK = URI.create("about:blank");

	/** How long a client should wait before retrying after a 503, in seconds. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private final JsonMapper jsonMapper;

	ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Answers the current request with a problem of this status and detail; headers set
	 * before ({@code WWW-Authenticate}, {@code Retry-After}) stay.
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		write(response, problem(status.value(), detail, request.getRequestURI()));
	}

	/** Answers with this problem, its status as the response's. */
	void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		byte[] body = this.jsonMapper.writeValueAsBytes(problem);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * A problem about the resource at {@code instance}; its title is the status's reason
	 * phrase, when the status has one.
	 */
	static ProblemDetail problem(int status, String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setType(ABOUT_BLANK);
		problem.setDetail(detail);
		problem.setInstance(URI.create(instance));
		return problem;
	}

}
