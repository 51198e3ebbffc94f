package com.talegenerator.tales.media;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An uploaded file the service does not store: its declared type is not one of the
 * accepted ones, or its bytes are not those of the type it declares. 415 either way; the
 * detail says which, and what is accepted.
 */
public class UnsupportedFileException extends ErrorResponseException {

	private UnsupportedFileException(String detail) {
		super(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		setDetail(detail);
	}

	/** The part declares a type that is not one of {@code accepted}. */
	public static UnsupportedFileException typeNotAccepted(String part, List<String> accepted) {
		return new UnsupportedFileException(
				part + ": the part's Content-Type must be one of " + String.join(", ", accepted));
	}

	/** The part's first bytes are not those of the format it declares. */
	static UnsupportedFileException contentMismatch(String part, MediaFormat declared) {
		return new UnsupportedFileException(part + ": the file's content is not " + declared.name()
				+ ", as its Content-Type " + declared.contentType() + " says");
	}

	@Override
	public String getMessage() {
		return String.valueOf(getBody().getDetail());
	}

}
