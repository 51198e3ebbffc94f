package com.talegenerator.tales.web.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

	private byte[] bytes(Object value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.json.writeValue(out, value);
		return out.toByteArray();
	}

}
