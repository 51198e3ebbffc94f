package com.talegenerator.tales.auth;

import java.util.function.Predicate;

/**
 * The characters {@link org.springframework.security.web.firewall.StrictHttpFirewall}
 * lets through in header names and values and in parameter names, checked with a loop
 * over the code points instead of its default regular expressions
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, and the same with a tab for header
 * values). The firewall checks every header and parameter name the request's code reads,
 * on every request; the regular expressions were about 5 % of the CPU samples of a
 * {@code GET /stories/{id}} (bench/results/2026-12-07-140807-byid-profile.txt). The rule
 * is the same: every code point assigned in Unicode and none a control character.
 * Parameter values keep the firewall's default (any): the API refuses a NUL in a value
 * with a problem naming the parameter.
 */
final class FirewallCharacters {

	/** Header names and parameter names. */
	static final Predicate<String> ASSIGNED_AND_NOT_CONTROL = (value) -> allAssignedAndNotControl(value, false);

	/** Header values: the same, and a tab, which HTTP allows inside a field value. */
	static final Predicate<String> HEADER_VALUE = (value) -> allAssignedAndNotControl(value, true);

	private FirewallCharacters() {
	}

	private static boolean allAssignedAndNotControl(String value, boolean tabAllowed) {
		int i = 0;
		while (i < value.length()) {
			int codePoint = value.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
