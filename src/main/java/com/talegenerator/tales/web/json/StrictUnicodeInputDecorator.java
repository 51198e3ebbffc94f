package com.talegenerator.tales.web.json;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.io.InputDecorator;

/**
 * Makes Jackson refuse text that is not Unicode, which it would otherwise accept and
 * PostgreSQL would then silently change:
 * <ul>
 * <li>ill-formed UTF-8 (RFC 3629): Jackson decodes an overlong form such as {@code C0 AE}
 * as {@code '.'}, the classic way to slip a character past a check;</li>
 * <li>half a surrogate pair, raw or as a {@code \u005CuD800} escape (RFC 8259, 8.2):
 * Jackson makes it a Java string that the database driver stores as {@code ?}, while the
 * response still shows what was sent.</li>
 * </ul>
 * Either is a 400 like any other malformed JSON. A body that starts like UTF-16 or UTF-32
 * (a byte-order mark or a zero byte among its first four bytes, RFC 4627's detection) is
 * left to Jackson's own decoding.
 */
public final class StrictUnicodeInputDecorator extends InputDecorator {

	private static final long serialVersionUID = 1L;

	@Override
	public InputStream decorate(IOContext context, InputStream in) {
		return new Utf8CheckingInputStream(in);
	}

	@Override
	public InputStream decorate(IOContext context, byte[] source, int offset, int length) {
		return new Utf8CheckingInputStream(new ByteArrayInputStream(source, offset, length));
	}

	@Override
	public Reader decorate(IOContext context, Reader reader) {
		return new SurrogateCheckingReader(reader);
	}

	/**
	 * The body is not Unicode text; an {@link IOException} so that Jackson passes it on
	 * like any failure of its input, and the problem handler finds it among the causes.
	 */
	public static final class InvalidUnicodeException extends IOException {

		private static final long serialVersionUID = 1L;

		InvalidUnicodeException(String message) {
			super(message);
		}

	}

	/**
	 * Follows {@code \}{@code uXXXX} escapes and raw UTF-16 code units, and fails on a
	 * surrogate without its other half. A backslash can only stand inside a JSON string
	 * (anywhere else Jackson refuses the body), so no further JSON parsing is needed.
	 */
	private static final class SurrogateChecker {

		private static final int NORMAL = 0;

		private static final int BACKSLASH = 1;

		private static final int HEX = 2;

		private int state = NORMAL;

		private int digits;

		private int value;

		/**
		 * A {@code \}{@code uD800}-{@code \}{@code uDBFF} escape waits for its low half.
		 */
		private boolean highEscape;

		/** A raw high surrogate (from a Reader) waits for its low half. */
		private boolean highRaw;

		void accept(int c) throws InvalidUnicodeException {
			switch (this.state) {
				case BACKSLASH -> {
					if (c == 'u') {
						this.state = HEX;
						this.digits = 0;
						this.value = 0;
						return;
					}
					requireNoHighEscape();
					this.state = NORMAL;
				}
				case HEX -> {
					int digit = (c < 0x80) ? Character.digit(c, 16) : -1;
					if (digit < 0) {
						// a malformed escape, which Jackson refuses itself
						this.state = NORMAL;
						this.highEscape = false;
						return;
					}
					this.value = this.value * 16 + digit;
					if (++this.digits == 4) {
						this.state = NORMAL;
						escaped(this.value);
					}
				}
				default -> normal(c);
			}
		}

		private void normal(int c) throws InvalidUnicodeException {
			if (this.highEscape && c != '\\') {
				throw unpaired();
			}
			if (this.highRaw) {
				if (!Character.isLowSurrogate((char) c) || c > 0xFFFF) {
					throw unpaired();
				}
				this.highRaw = false;
				return;
			}
			if (c <= 0xFFFF && Character.isHighSurrogate((char) c)) {
				this.highRaw = true;
			}
			else if (c <= 0xFFFF && Character.isLowSurrogate((char) c)) {
				throw unpaired();
			}
			else if (c == '\\') {
				this.state = BACKSLASH;
			}
		}

		private void escaped(int unit) throws InvalidUnicodeException {
			char c = (char) unit;
			if (Character.isHighSurrogate(c)) {
				requireNoHighEscape();
				this.highEscape = true;
			}
			else if (Character.isLowSurrogate(c)) {
				if (!this.highEscape) {
					throw unpaired();
				}
				this.highEscape = false;
			}
			else {
				requireNoHighEscape();
			}
		}

		private void requireNoHighEscape() throws InvalidUnicodeException {
			if (this.highEscape) {
				throw unpaired();
			}
		}

		void end() throws InvalidUnicodeException {
			if (this.highEscape || this.highRaw) {
				throw unpaired();
			}
		}

		private static InvalidUnicodeException unpaired() {
			return new InvalidUnicodeException(
					"The body holds half of a UTF-16 surrogate pair, which is not a character");
		}

	}

	/** Checks UTF-8 as it is read (RFC 3629, section 4), and the surrogate escapes. */
	private static final class Utf8CheckingInputStream extends FilterInputStream {

		private final SurrogateChecker surrogates = new SurrogateChecker();

		/** Null until the first bytes tell whether the body is UTF-8 at all. */
		private @Nullable Boolean utf8;

		/** Continuation bytes still expected in the current sequence. */
		private int remaining;

		/** Bounds of the next continuation byte: narrower right after some lead bytes. */
		private int lower = 0x80;

		private int upper = 0xBF;

		private boolean ended;

		Utf8CheckingInputStream(InputStream in) {
			super(new PushbackInputStream(in, 4));
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n <= 0) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.utf8 == null) {
				this.utf8 = detectUtf8();
			}
			int n = this.in.read(buffer, offset, length);
			if (!this.utf8) {
				return n;
			}
			if (n < 0) {
				end();
				return n;
			}
			for (int i = offset; i < offset + n; i++) {
				check(buffer[i] & 0xFF);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			// Jackson never skips; skipping would leave bytes unchecked
			long skipped = 0;
			while (skipped < n && read() >= 0) {
				skipped++;
			}
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		private boolean detectUtf8() throws IOException {
			PushbackInputStream pushback = (PushbackInputStream) this.in;
			byte[] start = new byte[4];
			int count = 0;
			while (count < start.length) {
				int n = pushback.read(start, count, start.length - count);
				if (n < 0) {
					break;
				}
				count += n;
			}
			pushback.unread(start, 0, count);
			if (count >= 2 && ((start[0] == (byte) 0xFE && start[1] == (byte) 0xFF)
					|| (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE))) {
				return false;
			}
			for (int i = 0; i < count; i++) {
				if (start[i] == 0) {
					return false;
				}
			}
			return true;
		}

		private void check(int b) throws InvalidUnicodeException {
			if (this.remaining > 0) {
				if (b < this.lower || b > this.upper) {
					throw notUtf8();
				}
				this.remaining--;
				this.lower = 0x80;
				this.upper = 0xBF;
				return;
			}
			if (b < 0x80) {
				this.surrogates.accept(b);
				return;
			}
			// a non-ASCII character: only legal where no surrogate escape waits for its
			// half
			this.surrogates.accept(0x80);
			if (b >= 0xC2 && b <= 0xDF) {
				this.remaining = 1;
			}
			else if (b == 0xE0) {
				lead(2, 0xA0, 0xBF);
			}
			else if (b == 0xED) {
				// U+D800 to U+DFFF are not characters
				lead(2, 0x80, 0x9F);
			}
			else if (b >= 0xE1 && b <= 0xEF) {
				this.remaining = 2;
			}
			else if (b == 0xF0) {
				lead(3, 0x90, 0xBF);
			}
			else if (b >= 0xF1 && b <= 0xF3) {
				this.remaining = 3;
			}
			else if (b == 0xF4) {
				// nothing above U+10FFFF
				lead(3, 0x80, 0x8F);
			}
			else {
				// a stray continuation byte, an overlong lead (C0, C1) or F5 to FF
				throw notUtf8();
			}
		}

		private void lead(int continuations, int lower, int upper) {
			this.remaining = continuations;
			this.lower = lower;
			this.upper = upper;
		}

		private void end() throws InvalidUnicodeException {
			if (this.ended) {
				return;
			}
			this.ended = true;
			if (this.remaining > 0) {
				throw notUtf8();
			}
			this.surrogates.end();
		}

		private static InvalidUnicodeException notUtf8() {
			return new InvalidUnicodeException("The body is not valid UTF-8");
		}

	}

	/** The surrogate checks on text that is already decoded. */
	private static final class SurrogateCheckingReader extends FilterReader {

		private final SurrogateChecker surrogates = new SurrogateChecker();

		private boolean ended;

		SurrogateCheckingReader(Reader in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			char[] one = new char[1];
			int n = read(one, 0, 1);
			return (n <= 0) ? -1 : one[0];
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n < 0) {
				if (!this.ended) {
					this.ended = true;
					this.surrogates.end();
				}
				return n;
			}
			for (int i = offset; i < offset + n; i++) {
				this.surrogates.accept(buffer[i]);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = 0;
			while (skipped < n && read() >= 0) {
				skipped++;
			}
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

	}

}
