package com.talegenerator.tales.story;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An upload's file part does not declare an {@code audio/*} Content-Type: 415. */
class NotAudioException extends ErrorResponseException {

	NotAudioException() {
		super(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		setDetail("file: the part's Content-Type must be audio/*");
	}

}
