package com.talegenerator.tales.idempotency;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The hook the media feature calls while it stores an upload that carries an
 * {@code Idempotency-Key}: the file's bytes pass through the key's fingerprint as they
 * stream to storage (no second read of a 100 MB file), and the key is marked attached in
 * the same transaction that points the row at the file. A request without the header
 * costs one thread-local read.
 */
@Component
public class IdempotentUploads {

	/**
	 * The upload the current thread is handling; set by {@link IdempotencyFilter} around
	 * the handler.
	 */
	private final ThreadLocal<UploadFingerprint> current = new ThreadLocal<>();

	private final IdempotencyKeys keys;

	IdempotentUploads(IdempotencyKeys keys) {
		this.keys = keys;
	}

	/** The current request's claimed key, or null when it carries none. */
	public @Nullable UploadFingerprint current() {
		return this.current.get();
	}

	void begin(UploadFingerprint upload) {
		this.current.set(upload);
	}

	void end() {
		this.current.remove();
	}

	UploadFingerprint claimed(IdempotentRequest request, UUID claim, MessageDigest fields) {
		return new UploadFingerprint(request, claim, fields);
	}

	/**
	 * An upload's key, claimed: its fingerprint, and its mark in the attach transaction.
	 */
	public final class UploadFingerprint {

		private final IdempotentRequest request;

		private final UUID claim;

		/** Already holds the form's fields; the file's bytes follow as they stream. */
		private final MessageDigest digest;

		private byte @Nullable [] fingerprint;

		private UploadFingerprint(IdempotentRequest request, UUID claim, MessageDigest fields) {
			this.request = request;
			this.claim = claim;
			this.digest = fields;
		}

		/** The file's bytes as they are read, counted into the fingerprint. */
		public InputStream digesting(InputStream content) {
			return new DigestInputStream(content, this.digest);
		}

		/**
		 * Marks the key attached with the fingerprint; call it inside the transaction
		 * that points the row at the stored file, after the file's bytes were read.
		 * @throws ErrorResponseException 409 if the claim was lost (the upload outlived
		 * its lease and a retry took the key): the transaction must roll back
		 */
		public void attached() {
			byte[] value = this.digest.digest();
			if (!IdempotentUploads.this.keys.attach(this.request, this.claim, value)) {
				ErrorResponseException lost = new ErrorResponseException(HttpStatus.CONFLICT);
				lost.setDetail("Idempotency-Key: this upload took longer than its claim on the key, which a retry "
						+ "has taken; nothing was written");
				lost.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
				throw lost;
			}
			this.fingerprint = value;
		}

		IdempotentRequest request() {
			return this.request;
		}

		UUID claim() {
			return this.claim;
		}

		boolean wasAttached() {
			return this.fingerprint != null;
		}

	}

}
