package com.talegenerator.tales.settings;

/**
 * A setting the service cannot work with (missing, malformed, unsafe). Start-up stops
 * with the message, which names the setting, instead of a stack trace.
 */
public class InvalidSettingException extends RuntimeException {

	public InvalidSettingException(String message) {
		super(message);
	}

}
