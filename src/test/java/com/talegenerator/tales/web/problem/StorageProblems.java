package com.talegenerator.tales.web.problem;

import com.talegenerator.tales.storage.StorageException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The advice's answer to a storage failure, for the tests of the storage adapters, which
 * make the failures.
 */
public final class StorageProblems {

	private StorageProblems() {
	}

	public static ResponseEntity<ProblemDetail> answer(StorageException failure, HttpServletRequest request) {
		return new ProblemDetailsAdvice().storageFailed(failure, request);
	}

}
