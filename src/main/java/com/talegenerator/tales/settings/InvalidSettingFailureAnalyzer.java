package com.talegenerator.tales.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a wrong or missing setting as one line naming it, instead of the stack trace of
 * whatever bean first tripped over it.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix that setting (environment variable or property); the README's Configuration section lists them.",
				cause);
	}

}
