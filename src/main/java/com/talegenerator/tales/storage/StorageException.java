package com.talegenerator.tales.storage;

/**
 * Object storage could not do what was asked. The {@link Kind} says how a client should
 * see it; the message is for the server log only.
 */
public class StorageException extends RuntimeException {

	private final Kind kind;

	public StorageException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public StorageException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	/** Why storage failed, as far as the client is concerned. */
	public enum Kind {

		/**
		 * Unreachable, timing out, overloaded or failing on its side: retry later (503).
		 */
		UNAVAILABLE,

		/** The bucket does not exist: the service is misconfigured (503). */
		BUCKET_MISSING,

		/** The service key was refused: the service is misconfigured (503). */
		UNAUTHORIZED,

		/** The object is larger than storage accepts (413). */
		TOO_LARGE,

		/** Storage refused the object itself, e.g. its type or key (500). */
		REJECTED

	}

}
