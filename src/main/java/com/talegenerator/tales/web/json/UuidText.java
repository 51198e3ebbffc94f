package com.talegenerator.tales.web.json;

/**
 * The one form of an id the API reads in paths and query parameters: a UUID as RFC 9562
 * writes it, 8-4-4-4-12 hexadecimal digits in either case.
 * {@link java.util.UUID#fromString} also reads shorter groups ({@code 1-1-1-1-1}), which
 * API.md answers with a 400, not a 404. Checked with a loop: it runs for the id of every
 * request that has one.
 */
public final class UuidText {

	private static final int LENGTH = 36;

	private UuidText() {
	}

	public static boolean isCanonical(CharSequence text) {
		if (text.length() != LENGTH) {
			return false;
		}
		for (int i = 0; i < LENGTH; i++) {
			char c = text.charAt(i);
			boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
			if (dash ? c != '-' : !isHexDigit(c)) {
				return false;
			}
		}
		return true;
	}

	/** ASCII only: {@link Character#digit} would also read other scripts' digits. */
	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
