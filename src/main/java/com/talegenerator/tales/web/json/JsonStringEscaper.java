package com.talegenerator.tales.web.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.JsonGenerator;

/**
 * UTF-8 text escaped for a JSON string the way Jackson's generator escapes it by default:
 * a quote, a backslash and the control characters below U+0020 ({@code \b \t \n \f \r} in
 * their short forms, the others as {@code \}{@code u00XX} in upper-case hex), every other
 * byte as it is. Jackson's own {@code writeUTF8String} copies a text with any of those
 * byte by byte into its buffer; a story's text has a line break in every paragraph, and
 * that copy was the hottest single frame of a story read (6 % of the Java samples in
 * bench/results/2026-12-08-015241-byid-profile.txt). Here the text is checked eight bytes
 * at a time and copied in runs between the bytes to escape: 0.96x the CPU of a story read
 * and 0.81x of a list page (docs/performance.md). Bytes of multi-byte characters (0x80
 * and above) never need escaping.
 */
final class JsonStringEscaper {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long BELOW_SPACE = 0x2020202020202020L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private JsonStringEscaper() {
	}

	/**
	 * Writes the text as a JSON string value: its bytes as they are when nothing needs
	 * escaping, else an escaped copy. The generator must escape as by default (see
	 * {@link Utf8Text}).
	 */
	static void writeString(JsonGenerator generator, byte[] utf8) {
		int next = nextToEscape(utf8, 0);
		if (next == utf8.length) {
			generator.writeRawUTF8String(utf8, 0, utf8.length);
			return;
		}
		// most texts escape a line break per paragraph: a few bytes more than they hold
		byte[] out = new byte[utf8.length + 16 + (utf8.length >>> 6)];
		int size = 0;
		int from = 0;
		while (next < utf8.length) {
			int run = next - from;
			// the run and the longest escape (six bytes)
			if (size + run + 6 > out.length) {
				out = Arrays.copyOf(out, Math.max(out.length * 2, size + run + 6));
			}
			System.arraycopy(utf8, from, out, size, run);
			size += run;
			size = writeEscape(utf8[next], out, size);
			from = next + 1;
			next = nextToEscape(utf8, from);
		}
		int run = utf8.length - from;
		if (size + run > out.length) {
			out = Arrays.copyOf(out, size + run);
		}
		System.arraycopy(utf8, from, out, size, run);
		generator.writeRawUTF8String(out, 0, size + run);
	}

	/** The index of the first byte to escape at or after {@code from}, or the length. */
	private static int nextToEscape(byte[] utf8, int from) {
		int i = from;
		for (; i + Long.BYTES <= utf8.length; i += Long.BYTES) {
			if (anyToEscape((long) LONGS.get(utf8, i))) {
				break;
			}
		}
		for (; i < utf8.length; i++) {
			if (needsEscape(utf8[i])) {
				return i;
			}
		}
		return utf8.length;
	}

	/**
	 * Whether any of eight bytes is a control character, a quote or a backslash: the
	 * classic word-at-a-time tests for a byte below a value and for a zero byte, which
	 * are exact about whether one exists (bytes of 0x80 and above never match).
	 */
	private static boolean anyToEscape(long word) {
		long control = (word - BELOW_SPACE) & ~word;
		long quote = word ^ QUOTES;
		quote = (quote - ONES) & ~quote;
		long backslash = word ^ BACKSLASHES;
		backslash = (backslash - ONES) & ~backslash;
		return ((control | quote | backslash) & HIGH_BITS) != 0;
	}

	private static boolean needsEscape(byte b) {
		return (b >= 0 && b < 0x20) || b == '"' || b == '\\';
	}

	private static int writeEscape(byte b, byte[] out, int at) {
		out[at++] = '\\';
		switch (b) {
			case '"', '\\' -> out[at++] = b;
			case '\b' -> out[at++] = 'b';
			case '\t' -> out[at++] = 't';
			case '\n' -> out[at++] = 'n';
			case '\f' -> out[at++] = 'f';
			case '\r' -> out[at++] = 'r';
			default -> {
				out[at++] = 'u';
				out[at++] = '0';
				out[at++] = '0';
				out[at++] = HEX[b >> 4];
				out[at++] = HEX[b & 0xF];
			}
		}
		return at;
	}

}
