package com.talegenerator.tales.hero;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A user tried to change a hero of the shared catalogue, which only the back-office may:
 * 403.
 */
class SharedHeroException extends ErrorResponseException {

	SharedHeroException(@Nullable UUID id) {
		super(HttpStatus.FORBIDDEN);
		setDetail("Hero " + id + " belongs to the shared catalogue, which only the back-office changes");
	}

}
