package com.talegenerator.tales.web.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decorator agrees with the JDK's strict UTF-8 decoder on every byte sequence, and
 * refuses exactly the {@code \}{@code u} escapes that leave half a surrogate pair.
 */
class StrictUnicodeInputDecoratorTests {

	private final StrictUnicodeInputDecorator decorator = new StrictUnicodeInputDecorator();

	@Property(tries = 3000)
	void acceptsExactlyWhatAStrictUtf8DecoderAccepts(@ForAll("utf8ish") byte[] bytes) {
		// a zero byte in the first four would make Jackson read the body as UTF-16 or 32
		byte[] body = withPrefix(bytes);

		assertThat(passesStream(body)).as("%s", hex(body)).isEqualTo(isStrictUtf8(body));
	}

	@Property(tries = 2000)
	void acceptsEveryStringJavaEncodesWithoutLoss(@ForAll @Size(max = 100) String text) {
		boolean wellFormed = isWellFormed(text);
		byte[] utf8 = ("\"" + text.replace("\\", "") + "\"").getBytes(StandardCharsets.UTF_8);

		if (wellFormed) {
			assertThat(passesStream(utf8)).isTrue();
		}
		assertThat(passesReader(text.replace("\\", ""))).isEqualTo(wellFormed);
	}

	@Property(tries = 2000)
	void refusesEscapesOfHalfASurrogatePair(@ForAll @Size(max = 20) String text) {
		String escaped = escapeAll(text);

		assertThat(passesStream(escaped.getBytes(StandardCharsets.US_ASCII))).as(escaped).isEqualTo(isWellFormed(text));
		assertThat(passesReader(escaped)).as(escaped).isEqualTo(isWellFormed(text));
	}

	@Example
	void readsAnEscapedBackslashBeforeAUAsText() {
		assertThat(passesStream("\"\\\\ud800\"".getBytes(StandardCharsets.US_ASCII))).isTrue();
		assertThat(passesStream("\"\\\\\\ud800\"".getBytes(StandardCharsets.US_ASCII))).isFalse();
	}

	@Example
	void leavesUtf16BodiesToJackson() {
		assertThat(passesStream(new byte[] { (byte) 0xFF, (byte) 0xFE, '{', 0, (byte) 0xD8, 0 })).isTrue();
		assertThat(passesStream(new byte[] { '{', 0, '}', 0, (byte) 0xFF })).isTrue();
	}

	@Example
	void refusesATruncatedSequenceAtTheEnd() {
		assertThatExceptionOfType(StrictUnicodeInputDecorator.InvalidUnicodeException.class).isThrownBy(() -> drain(
				this.decorator.decorate(null, new ByteArrayInputStream(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 }))));
	}

	@Provide
	Arbitrary<byte[]> utf8ish() {
		// mostly pieces of real UTF-8 and the bytes around its boundaries, so that both
		// answers come up often
		Arbitrary<byte[]> piece = Arbitraries.oneOf(
				Arbitraries.strings().all().ofMaxLength(3).map((s) -> s.getBytes(StandardCharsets.UTF_8)),
				Arbitraries
					.of(0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0,
							0x8F, 0x90)
					.map((b) -> new byte[] { (byte) b.intValue() }));
		return piece.list().ofMaxSize(12).map((pieces) -> {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			pieces.forEach(out::writeBytes);
			return out.toByteArray();
		});
	}

	private boolean passesStream(byte[] body) {
		try {
			drain(this.decorator.decorate(null, body, 0, body.length));
			return true;
		}
		catch (StrictUnicodeInputDecorator.InvalidUnicodeException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean passesReader(String text) {
		try (Reader reader = this.decorator.decorate(null, new StringReader(text))) {
			char[] buffer = new char[7];
			while (reader.read(buffer, 0, buffer.length) >= 0) {
				// read everything
			}
			return true;
		}
		catch (StrictUnicodeInputDecorator.InvalidUnicodeException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void drain(InputStream in) throws IOException {
		byte[] buffer = new byte[5];
		while (in.read(buffer, 0, buffer.length) >= 0) {
			// read everything, in small pieces so that sequences span reads
		}
	}

	private static byte[] withPrefix(byte[] bytes) {
		byte[] body = new byte[bytes.length + 4];
		body[0] = '[';
		body[1] = '1';
		body[2] = ',';
		body[3] = ' ';
		System.arraycopy(bytes, 0, body, 4, bytes.length);
		return body;
	}

	private static boolean isStrictUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static String escapeAll(String text) {
		StringBuilder escaped = new StringBuilder("\"");
		text.chars().forEach((c) -> escaped.append(String.format("\\u%04x", c)));
		return escaped.append('"').toString();
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (byte b : bytes) {
			hex.append(String.format("%02X ", b));
		}
		return hex.toString();
	}

}
