package com.talegenerator.tales.web.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report for the requests it refuses before any servlet sees them: a
 * malformed request line or header, a path with {@code %2F}, {@code %5C}, {@code %00}, an
 * invalid {@code %} escape or {@code ..} above the root. Tomcat's own report is an HTML
 * page; this one is the API's problem, so every error of the service has one shape. It
 * says nothing of the server (no name, version or stack trace), and it only ever writes
 * when nothing else did: responses of the application, which include its own problems,
 * pass untouched.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private final ProblemWriter problems;

	/**
	 * The Host looks for a valve of this class before it makes one with a constructor
	 * without arguments; {@link TomcatProblemConfiguration} puts this one there first.
	 */
	ProblemErrorReportValve(ProblemWriter problems) {
		this.problems = problems;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		// as Tomcat's own report: nothing for a success, for a response that has a body,
		// or for an error already reported
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setHeader("X-Content-Type-Options", "nosniff");
			this.problems.write(response, problem(status, request.getRequestURI()));
			response.finishResponse();
		}
		catch (IOException | JacksonException | IllegalStateException ex) {
			// the client is gone or the response is committed: nothing left to tell it
		}
	}

	static ProblemDetail problem(int status, @Nullable String requestUri) {
		HttpStatus known = HttpStatus.resolve(status);
		String detail = (known != null) ? ProblemErrorController.detail(known)
				: ((status >= 500) ? "The request failed on the server" : "The request was refused");
		ProblemDetail problem = ProblemWriter.problem(status, detail, instance(requestUri));
		if (known == null) {
			problem.setTitle("Error");
		}
		return problem;
	}

	/**
	 * The request target as a valid URI reference: whatever made Tomcat refuse it (a
	 * space, a quote, a lone {@code %}, a control or non-ASCII byte) percent-encoded, so
	 * the value is a URI and still shows what was asked for.
	 */
	static String instance(@Nullable String requestUri) {
		if (requestUri == null || requestUri.isEmpty()) {
			return "/";
		}
		// Tomcat keeps the raw request target as ISO-8859-1: one char per byte
		byte[] bytes = requestUri.getBytes(StandardCharsets.ISO_8859_1);
		StringBuilder instance = new StringBuilder(bytes.length);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if (escape || isPathChar(b)) {
				instance.append((char) b);
			}
			else {
				instance.append('%')
					.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		return instance.toString();
	}

	/** RFC 3986 pchar and '/', less '%' (kept only in a valid escape). */
	private static boolean isPathChar(int b) {
		return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
				|| "-._~!$&'()*+,;=:@/".indexOf(b) >= 0;
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0 && b < 0x80;
	}

}
