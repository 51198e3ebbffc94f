package com.talegenerator.tales.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.idempotency.IdempotencyKeys.RecordedResponse;
import com.talegenerator.tales.idempotency.IdempotencyKeys.StoredKey;
import com.talegenerator.tales.idempotency.IdempotentUploads.UploadFingerprint;
import com.talegenerator.tales.web.json.RequestBodyLimitFilter;
import com.talegenerator.tales.web.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a retried create or upload that carries an {@code Idempotency-Key} with the
 * first response (API.md "Idempotent creates"). A request without the header passes after
 * one header lookup: no database round trip, no buffering.
 * <p>
 * A JSON create runs in one transaction, which the service's transaction joins: the key's
 * advisory lock (another instance running the same key: 409), the lookup (a completed
 * key: the replay, or 422), the create, and the key's row with the response, so the
 * create and its key commit together or not at all. An upload cannot run in a transaction
 * (no transaction is held while a file travels): it claims the key in a short committed
 * transaction, with a lease; the file's fingerprint is computed as it streams; the key is
 * marked attached in the transaction that points the row at the file
 * ({@link IdempotentUploads}); the response is kept once it is known.
 * <p>
 * Only 2xx responses are remembered: a 4xx or 5xx wrote nothing, so the retry runs (also
 * one with another body, which may correct the first).
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	static final int MAX_KEY_LENGTH = 255;

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	private static final Pattern CREATES = Pattern.compile("/(children|heroes|stories)");

	private static final Pattern UPLOADS = Pattern.compile("/(stories/[^/]+/(audio|thumbnail)|heroes/[^/]+/portrait)");

	private final IdempotencyKeys keys;

	private final IdempotentUploads uploads;

	private final IdempotencyMetrics metrics;

	private final CurrentCaller caller;

	private final TransactionOperations transactions;

	private final ProblemWriter problems;

	private final IdempotencyProperties properties;

	private final long maxJsonBody;

	IdempotencyFilter(IdempotencyKeys keys, IdempotentUploads uploads, IdempotencyMetrics metrics, CurrentCaller caller,
			TransactionOperations transactions, ProblemWriter problems, IdempotencyProperties properties,
			DataSize maxJsonBody) {
		this.keys = keys;
		this.uploads = uploads;
		this.metrics = metrics;
		this.caller = caller;
		this.transactions = transactions;
		this.problems = problems;
		this.properties = properties;
		this.maxJsonBody = maxJsonBody.toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		boolean upload = UPLOADS.matcher(path).matches();
		if (!upload && !CREATES.matcher(path).matches()) {
			// the header means nothing on other operations
			chain.doFilter(request, response);
			return;
		}
		List<String> values = Collections.list(request.getHeaders(HEADER));
		if (values.size() != 1 || !isValidKey(values.get(0))) {
			this.problems.write(request, response, HttpStatus.BAD_REQUEST,
					HEADER + ": must be one value of 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
			return;
		}
		IdempotentRequest idempotent = IdempotentRequest.of(this.caller.get(), values.get(0), request.getMethod(),
				path);
		try {
			if (upload) {
				upload(idempotent, request, response, chain);
			}
			else {
				create(idempotent, request, response, chain);
			}
		}
		catch (DataAccessException | TransactionException ex) {
			log.warn("The database failed while handling an Idempotency-Key", ex);
			if (!response.isCommitted()) {
				response.resetBuffer();
				response.setHeader(HttpHeaders.RETRY_AFTER, ProblemWriter.RETRY_AFTER_SECONDS);
				this.problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
						"The database is unreachable; nothing was written, retry later");
			}
		}
	}

	/** 1 to 255 printable ASCII characters (space to tilde), as API.md says. */
	static boolean isValidKey(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			return false;
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

	private void create(IdempotentRequest idempotent, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		// read before the transaction, so that no connection waits on a slow client; a
		// JSON body is bounded (5 MB)
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxJsonBody + 1));
		if (body.length > this.maxJsonBody) {
			// over the limit: the same 413 as without a key (RequestBodyLimitFilter),
			// and the rest of the body is never read
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, RequestBodyLimitFilter.TOO_LARGE);
			return;
		}
		byte[] fingerprint = Fingerprints.sha256().digest(body);
		ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
		Decision decision = inTransaction(() -> this.transactions.execute((status) -> {
			try {
				if (!this.keys.tryLock(idempotent)) {
					return Decision.IN_FLIGHT;
				}
				Optional<StoredKey> stored = this.keys.find(idempotent);
				if (stored.isPresent()) {
					Decision retry = precheck(idempotent, stored.get());
					return (retry == Decision.COMPARE) ? compare(stored.get(), fingerprint) : retry;
				}
				chain.doFilter(new BufferedBodyRequest(request, body), buffered);
				RecordedResponse recorded = record(buffered);
				if (!isSuccess(recorded.status()) || status.isRollbackOnly()) {
					// nothing was written: the key is not remembered, a retry runs
					status.setRollbackOnly();
					return Decision.RAN;
				}
				if (!this.keys.insertCompleted(idempotent, fingerprint, recorded, this.properties.ttl())) {
					// a live row under the advisory lock: never expected; the create
					// must not commit without its key
					status.setRollbackOnly();
					return Decision.IN_FLIGHT;
				}
				return Decision.RAN;
			}
			catch (IOException | ServletException ex) {
				throw new WrappedException(ex);
			}
		}));
		answer(decision, idempotent, request, response, buffered);
	}

	private void upload(IdempotentRequest idempotent, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		UUID claim = UUID.randomUUID();
		Decision claimed = inTransaction(() -> this.transactions.execute((status) -> {
			if (!this.keys.tryLock(idempotent)) {
				return Decision.IN_FLIGHT;
			}
			Optional<StoredKey> stored = this.keys.find(idempotent);
			if (stored.isPresent() && (stored.get().completed() || stored.get().leased()
					|| !idempotent.sameOperation(stored.get().method(), stored.get().path()))) {
				// the fingerprint is read from the retry's parts after this transaction
				return precheck(idempotent, stored.get());
			}
			// none, expired, or a claim whose upload stopped (its lease ran out)
			return this.keys.claim(idempotent, claim, this.properties.uploadLease(), this.properties.ttl())
					? Decision.RAN : Decision.IN_FLIGHT;
		}));
		if (claimed == Decision.COMPARE) {
			StoredKey stored = this.keys.find(idempotent).orElse(null);
			Decision decision = (stored == null) ? Decision.IN_FLIGHT : compareUpload(stored, request);
			answer(decision, idempotent, request, response, null);
			return;
		}
		if (claimed != Decision.RAN) {
			answer(claimed, idempotent, request, response, null);
			return;
		}
		ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
		UploadFingerprint upload;
		try {
			upload = this.uploads.claimed(idempotent, claim, Fingerprints.uploadFields(request));
		}
		catch (IOException | ServletException | IllegalStateException ex) {
			// an unreadable form: answered as without a key
			releaseQuietly(idempotent, claim);
			chain.doFilter(request, response);
			return;
		}
		this.uploads.begin(upload);
		try {
			chain.doFilter(request, buffered);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			releaseQuietly(idempotent, claim);
			throw ex;
		}
		finally {
			this.uploads.end();
		}
		RecordedResponse recorded = record(buffered);
		if (isSuccess(recorded.status()) && upload.wasAttached()) {
			try {
				this.keys.complete(idempotent, claim, recorded);
			}
			catch (DataAccessException ex) {
				// the key stays attached: after its lease a retry runs the upload
				// again, which stores the same bytes under the same name
				log.warn("Could not keep an upload's response for its Idempotency-Key", ex);
			}
		}
		else {
			releaseQuietly(idempotent, claim);
		}
		buffered.copyBodyToResponse();
	}

	private void releaseQuietly(IdempotentRequest idempotent, UUID claim) {
		try {
			this.keys.release(idempotent, claim);
		}
		catch (DataAccessException ex) {
			// the claim's lease runs out instead
			log.warn("Could not release an upload's claim on its Idempotency-Key", ex);
		}
	}

	/**
	 * What a request with a key that is kept gets: 422 for another operation, 409 while
	 * the first is in flight, else its body is compared.
	 */
	private static Decision precheck(IdempotentRequest idempotent, StoredKey stored) {
		if (!idempotent.sameOperation(stored.method(), stored.path())) {
			return Decision.MISMATCH;
		}
		return stored.completed() ? Decision.COMPARE : Decision.IN_FLIGHT;
	}

	/** The replay for the same body, else 422. */
	private static Decision compare(StoredKey stored, byte @Nullable [] retry) {
		return (retry != null && Arrays.equals(retry, stored.fingerprint()))
				? new Decision(Outcome.REPLAY, stored.response()) : Decision.MISMATCH;
	}

	private static Decision compareUpload(StoredKey stored, HttpServletRequest request) {
		if (!stored.completed()) {
			return Decision.IN_FLIGHT;
		}
		try {
			return compare(stored, Fingerprints.upload(request));
		}
		catch (IOException | ServletException | IllegalStateException ex) {
			// a form that cannot be read is not the form that succeeded
			return Decision.MISMATCH;
		}
	}

	private void answer(Decision decision, IdempotentRequest idempotent, HttpServletRequest request,
			HttpServletResponse response, @Nullable ContentCachingResponseWrapper buffered) throws IOException {
		Outcome outcome = decision.outcome();
		switch (outcome) {
			case RAN -> {
				if (buffered != null) {
					buffered.copyBodyToResponse();
				}
			}
			case REPLAY -> {
				this.metrics.replayed();
				writeReplay(Objects.requireNonNull(decision.replay()), response);
			}
			case IN_FLIGHT -> {
				this.metrics.inFlight();
				response.setHeader(HttpHeaders.RETRY_AFTER,
						Long.toString(Math.max(1, this.properties.retryAfter().toSeconds())));
				this.problems.write(request, response, HttpStatus.CONFLICT, HEADER
						+ ": a request with this key is still being processed; retry after Retry-After " + "seconds");
			}
			case MISMATCH -> {
				this.metrics.mismatch();
				this.problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, HEADER
						+ ": this key was used for another request (another body, method or path); use a new key");
			}
			default -> throw new IllegalStateException("Unexpected outcome " + outcome);
		}
		if (outcome != Outcome.RAN) {
			log.debug("Idempotency-Key of {} {}: {}", idempotent.method(), idempotent.path(), outcome);
		}
	}

	private static void writeReplay(RecordedResponse recorded, HttpServletResponse response) throws IOException {
		response.setStatus(recorded.status());
		if (recorded.contentType() != null) {
			response.setContentType(recorded.contentType());
		}
		if (recorded.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, recorded.location());
		}
		if (recorded.etag() != null) {
			response.setHeader(HttpHeaders.ETAG, recorded.etag());
		}
		response.setHeader(REPLAYED, "true");
		byte[] body = (recorded.body() != null) ? recorded.body() : new byte[0];
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static RecordedResponse record(ContentCachingResponseWrapper buffered) {
		return new RecordedResponse(buffered.getStatus(), buffered.getContentType(),
				buffered.getHeader(HttpHeaders.LOCATION), buffered.getHeader(HttpHeaders.ETAG),
				buffered.getContentAsByteArray());
	}

	private static boolean isSuccess(int status) {
		return status >= 200 && status < 300;
	}

	private static Decision inTransaction(Supplier<@Nullable Decision> work) throws IOException, ServletException {
		try {
			Decision decision = work.get();
			return (decision != null) ? decision : Decision.IN_FLIGHT;
		}
		catch (WrappedException ex) {
			if (ex.getCause() instanceof ServletException servlet) {
				throw servlet;
			}
			throw (IOException) ex.getCause();
		}
	}

	private enum Outcome {

		/** The handler ran (its answer is in the buffer). */
		RAN,
		/** Answered again from the kept response. */
		REPLAY,
		/** A retry of a completed request, whose body is yet to be compared. */
		COMPARE,
		/** The first request with this key is still running: 409. */
		IN_FLIGHT,
		/** Another request used this key: 422. */
		MISMATCH

	}

	/**
	 * What a keyed request gets.
	 *
	 * @param replay the kept response, for {@link Outcome#REPLAY}
	 */
	private record Decision(Outcome outcome, @Nullable RecordedResponse replay) {

		static final Decision RAN = new Decision(Outcome.RAN, null);

		static final Decision COMPARE = new Decision(Outcome.COMPARE, null);

		static final Decision IN_FLIGHT = new Decision(Outcome.IN_FLIGHT, null);

		static final Decision MISMATCH = new Decision(Outcome.MISMATCH, null);

	}

	/** Carries a checked exception out of a transaction callback. */
	private static final class WrappedException extends RuntimeException {

		WrappedException(Exception cause) {
			super(cause);
		}

	}

	/** The request with its body, at most the JSON limit, read already. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private @Nullable BodyInputStream stream;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			if (this.stream == null) {
				this.stream = new BodyInputStream(this.body);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					(encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8));
		}

	}

	/** A body in memory: every byte is available at once, to blocking and async reads. */
	private static final class BodyInputStream extends ServletInputStream {

		private final ByteArrayInputStream content;

		BodyInputStream(byte[] body) {
			this.content = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.content.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.content.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.content.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			try {
				listener.onDataAvailable();
				listener.onAllDataRead();
			}
			catch (IOException ex) {
				listener.onError(ex);
			}
		}

	}

}
