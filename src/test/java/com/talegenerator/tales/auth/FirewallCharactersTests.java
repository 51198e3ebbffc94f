package com.talegenerator.tales.auth;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The firewall's character rules without regular expressions accept and refuse exactly
 * what StrictHttpFirewall's default expressions do, for every code point.
 */
class FirewallCharactersTests {

	/** StrictHttpFirewall's defaults (spring-security-web 7.1). */
	private static final Pattern ASSIGNED_AND_NOT_CONTROL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void agreeWithTheFirewallsExpressionsOnEveryCodePoint() {
		int refused = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String value = "a" + Character.toString(codePoint) + "b";
			boolean expected = ASSIGNED_AND_NOT_CONTROL.matcher(value).matches();
			assertThat(FirewallCharacters.ASSIGNED_AND_NOT_CONTROL.test(value)).as("U+%04X", codePoint)
				.isEqualTo(expected);
			assertThat(FirewallCharacters.HEADER_VALUE.test(value)).as("U+%04X in a header value", codePoint)
				.isEqualTo(HEADER_VALUE.matcher(value).matches());
			refused += expected ? 0 : 1;
		}
		// the unassigned code points (most of them) and the 65 control characters are
		// refused; the assigned ones, private use and surrogates among them, are not
		assertThat(refused).isGreaterThan(65);
		assertThat(Character.MAX_CODE_POINT + 1 - refused).isGreaterThan(200_000);
	}

	@Test
	void agreeOnTabsSurrogatesAndEmptyValues() {
		for (String value : List.of("", "\t", "Bearer a.b.c", "text/html;\tq=0.9", "\uD83D\uDC09 дракон", "\uD83D",
				"a\uDC09", "\u0000", "line\nbreak", "\u0085", "\u00A0")) {
			assertThat(FirewallCharacters.ASSIGNED_AND_NOT_CONTROL.test(value)).as(value)
				.isEqualTo(ASSIGNED_AND_NOT_CONTROL.matcher(value).matches());
			assertThat(FirewallCharacters.HEADER_VALUE.test(value)).as(value)
				.isEqualTo(HEADER_VALUE.matcher(value).matches());
		}
		assertThat(FirewallCharacters.HEADER_VALUE.test("a\tb")).isTrue();
		assertThat(FirewallCharacters.ASSIGNED_AND_NOT_CONTROL.test("a\tb")).isFalse();
	}

	@Test
	void theServicesFirewallRefusesAControlCharacterInAHeaderOrParameterName() {
		var firewall = new SecurityConfiguration().httpFirewall();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/stories");
		request.addHeader("X-Note", "bad\u0007value");
		request.addParameter("q\u0000", "дракон");
		request.addParameter("language", "ru");
		// a value is left to the API, which names the parameter in its problem
		request.addParameter("childName", "a\u0000b");

		var firewalled = firewall.getFirewalledRequest(request);

		assertThat(firewalled.getParameter("language")).isEqualTo("ru");
		assertThat(firewalled.getParameter("childName")).isEqualTo("a\u0000b");
		assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(() -> firewalled.getHeader("X-Note"));
		assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(() -> firewalled.getParameter("q\u0000"));
	}

}
