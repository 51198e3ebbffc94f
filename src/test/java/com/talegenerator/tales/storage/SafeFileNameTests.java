package com.talegenerator.tales.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SafeFileNameTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL",
			value = { "story.mp3|story.mp3", "../../x.mp3|x.mp3", "..\\..\\windows\\x.mp3|x.mp3", "/etc/passwd|passwd",
					"märchen 1.mp3|m_rchen_1.mp3", "Сказка.ogg|______.ogg", "a#b?c.mp3|a_b_c.mp3",
					".hidden.mp3|hidden.mp3", "..|story.mp3", "...|story.mp3", "dir/|story.mp3", "''|story.mp3",
					"NULL|story.mp3", "___.mp3|___.mp3", "%2e%2e%2fx.mp3|_2e_2e_2fx.mp3",
					"x.mp3\u0000.html|x.mp3_.html" })
	void keepsOnlyASafeBaseName(String original, String expected) {
		assertThat(SafeFileName.of(original, "story.mp3")).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "150", "1000" })
	void shortensLongNamesKeepingTheExtension(int length) {
		String safe = SafeFileName.of("a".repeat(length) + ".mp3", "story.mp3");

		assertThat(safe).hasSize(SafeFileName.MAX_LENGTH).endsWith("a.mp3");
	}

}
