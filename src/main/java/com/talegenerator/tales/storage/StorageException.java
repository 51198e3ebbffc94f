package com.talegenerator.tales.storage;

/**
 * Object storage could not do what was asked. The {@link Kind} says how a client should
 * see it; the message is for the server log only, and for a misconfiguration it names the
 * setting to change.
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

	/**
	 * Why storage failed, as far as the client is concerned. None is a 500: what the
	 * client cannot fix is a 503 (with {@code Retry-After}), what it can fix a 4xx.
	 */
	public enum Kind {

		/**
		 * Unreachable, timing out, overloaded or failing on its side: retry later (503).
		 */
		UNAVAILABLE,

		/** The service key was refused: the service is misconfigured (503). */
		UNAUTHORIZED,

		/**
		 * The bucket does not exist, or storage refuses its name: the service is
		 * misconfigured (503).
		 */
		BUCKET_MISSING,

		/**
		 * The bucket refuses the file's content type (its allowed MIME types): the
		 * service is misconfigured, since the API accepts every audio type (503).
		 */
		TYPE_REFUSED,

		/**
		 * Storage does not take the service's request for one it knows (an unknown route,
		 * a redirect, a request it calls invalid): the URL points elsewhere, or storage
		 * is a version the service does not know (503).
		 */
		INCOMPATIBLE,

		/** The object is larger than storage accepts (413). */
		TOO_LARGE,

		/**
		 * Storage refuses the object's path, whose last segment is the client's file name
		 * made safe (400).
		 */
		NAME_REFUSED,

		/** The declared content type is not one storage can be sent (415). */
		TYPE_INVALID,

		/**
		 * The content ended before its declared length or could not be read: the copy of
		 * the upload the service keeps while storing it failed (503).
		 */
		CONTENT_UNREADABLE

	}

}
