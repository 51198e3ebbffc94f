package com.talegenerator.tales.web.json;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A text kept in the form it arrived in: the UTF-8 bytes the database sent, or the
 * {@link String} a request carried, and written into JSON from that form. The database
 * sends a story's text as UTF-8 and the API answers in UTF-8: decoding it into a
 * {@link String} only to encode it again was a quarter of the CPU of a page of stories in
 * the benchmark's profile. In JSON it is an ordinary string.
 */
@JsonSerialize(using = Utf8Text.Writer.class)
public final class Utf8Text {

	private final byte @Nullable [] utf8;

	private final @Nullable String text;

	private Utf8Text(byte @Nullable [] utf8, @Nullable String text) {
		this.utf8 = utf8;
		this.text = text;
	}

	/**
	 * The text of these bytes, which must be UTF-8 (as PostgreSQL sends text to a client
	 * whose encoding is UTF8, which the JDBC driver always sets). The array is kept, not
	 * copied: the caller hands it over.
	 */
	public static Utf8Text ofUtf8(byte[] utf8) {
		return new Utf8Text(utf8, null);
	}

	public static Utf8Text of(String text) {
		return new Utf8Text(null, text);
	}

	/** The text, decoded if it is held as bytes. */
	@Override
	public String toString() {
		return (this.text != null) ? this.text : new String(this.utf8, StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof Utf8Text that) && toString().equals(that.toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}

	/**
	 * Copies held bytes into UTF-8 output as they are, escaping what JSON needs escaped
	 * ({@link JsonStringEscaper}); output in characters (a String, another charset), or a
	 * generator that escapes more (non-ASCII, slashes: Jackson's {@code writeUTF8String}
	 * does not escape non-ASCII bytes), gets the decoded text.
	 */
	static final class Writer extends ValueSerializer<Utf8Text> {

		@Override
		public void serialize(Utf8Text value, JsonGenerator generator, SerializationContext context) {
			if (value.utf8 != null && generator instanceof UTF8JsonGenerator utf8Generator
					&& escapesByDefault(utf8Generator)) {
				JsonStringEscaper.writeString(generator, value.utf8);
			}
			else {
				generator.writeString(value.toString());
			}
		}

		private static boolean escapesByDefault(UTF8JsonGenerator generator) {
			return generator.getCharacterEscapes() == null && generator.getHighestNonEscapedChar() == 0
					&& !generator.isEnabled(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
					&& generator.isEnabled(JsonWriteFeature.WRITE_HEX_UPPER_CASE);
		}

	}

}
