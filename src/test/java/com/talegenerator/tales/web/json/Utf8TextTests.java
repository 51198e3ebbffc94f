package com.talegenerator.tales.web.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text written from its UTF-8 bytes is the same JSON as the text written from a
 * {@link String}: the same escapes, the same characters, whether the output is bytes (a
 * response) or characters.
 */
class Utf8TextTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "", "Once upon a time…", "Жила-была лиса", "\"quoted\" \\ back\\slash /",
			"tab\tnew\nline\rreturn\u0000nul\u001fus", "emoji 😀 and 𝄞", "\u2028\u2029 separators",
			"<script>&</script>" })
	void writesTheSameJsonAsTheString(String text) {
		Utf8Text utf8 = Utf8Text.ofUtf8(text.getBytes(StandardCharsets.UTF_8));

		assertThat(bytes(Map.of("content", utf8))).isEqualTo(bytes(Map.of("content", text)));
		assertThat(this.json.writeValueAsString(utf8)).isEqualTo(this.json.writeValueAsString(text));
		assertThat(this.json.readValue(bytes(utf8), String.class)).isEqualTo(text);
		assertThat(utf8.toString()).isEqualTo(text);
		assertThat(utf8).isEqualTo(Utf8Text.of(text));
	}

	/**
	 * Every ASCII character at every place of a text longer than the eight bytes the
	 * escaping checks at once, among ASCII and among multi-byte characters.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "a", "ж" })
	void escapesEveryAsciiCharacterAnywhereAsJacksonDoes(String filler) {
		for (char ascii = 0; ascii < 128; ascii++) {
			for (int at = 0; at < 20; at++) {
				String text = filler.repeat(at) + ascii + filler.repeat(19 - at);
				assertThat(bytes(Utf8Text.ofUtf8(text.getBytes(StandardCharsets.UTF_8))))
					.as("U+%04X at %d", (int) ascii, at)
					.isEqualTo(bytes(text));
			}
		}
	}

	@Test
	void writesRandomTextsAsJacksonDoes() {
		String alphabet = "ab \"\\/\n\r\t\u0000\u0001\u001f\u007fжё€\u2028\uD83D\uDE00";
		Random random = new Random(18);
		for (int i = 0; i < 3000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(200);
			while (text.length() < length) {
				// mostly plain runs, as in a story, with the characters to escape among
				// them
				int pick = random.nextInt(alphabet.length() + 8);
				if (pick >= alphabet.length()) {
					text.append("x".repeat(random.nextInt(30)));
				}
				else if (Character.isHighSurrogate(alphabet.charAt(pick))) {
					text.append(alphabet, pick, pick + 2);
				}
				else if (!Character.isLowSurrogate(alphabet.charAt(pick))) {
					text.append(alphabet.charAt(pick));
				}
			}
			String value = text.toString();
			assertThat(bytes(Map.of("content", Utf8Text.ofUtf8(value.getBytes(StandardCharsets.UTF_8))))).as(value)
				.isEqualTo(bytes(Map.of("content", value)));
		}
	}

	/** Texts longer than Jackson's output buffer, with and without bytes to escape. */
	@ParameterizedTest
	@ValueSource(strings = { "Жила-была лиса, и был у неё хвост. ", "Once upon a time.\n\n" })
	void writesLongTextsAsJacksonDoes(String paragraph) {
		String text = paragraph.repeat(5_000);

		assertThat(bytes(Map.of("content", Utf8Text.ofUtf8(text.getBytes(StandardCharsets.UTF_8)), "title", "x")))
			.isEqualTo(bytes(Map.of("content", text, "title", "x")));
	}

	/** A mapper that escapes more than by default gets the same JSON from both forms. */
	@ParameterizedTest
	@EnumSource(value = JsonWriteFeature.class, names = { "ESCAPE_NON_ASCII", "ESCAPE_FORWARD_SLASHES" })
	void followsAMapperThatEscapesMore(JsonWriteFeature feature) {
		JsonMapper escaping = JsonMapper.builder().enable(feature).build();
		String text = "a/b «ж» \n 😀";
		Utf8Text utf8 = Utf8Text.ofUtf8(text.getBytes(StandardCharsets.UTF_8));

		assertThat(escaping.writeValueAsBytes(utf8)).isEqualTo(escaping.writeValueAsBytes(text))
			.isNotEqualTo(this.json.writeValueAsBytes(text));
	}

	private byte[] bytes(Object value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.json.writeValue(out, value);
		return out.toByteArray();
	}

}
