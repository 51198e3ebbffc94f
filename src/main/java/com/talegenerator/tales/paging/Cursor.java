package com.talegenerator.tales.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import com.talegenerator.tales.web.problem.InvalidFieldException;

/**
 * Where a page ends in the newest-first order ({@code createdAt} desc, {@code id} desc):
 * the next page holds the rows strictly after it. Clients see it only as an opaque
 * {@code after} token.
 *
 * @param createdAt creation time of the last row of the previous page
 * @param id id of that row, which breaks ties between equal times
 */
public record Cursor(Instant createdAt, UUID id) {

	private static final char SEPARATOR = '~';

	/** The token for the {@code after} parameter: URL-safe, no padding. */
	public String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.createdAt);
		String plain = Long.toString(micros, 36) + SEPARATOR + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Reads a token made by {@link #encode()}.
	 * @throws InvalidCursorException if the token was not made by {@link #encode()}
	 */
	public static Cursor decode(String token) {
		try {
			String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
			int separator = plain.indexOf(SEPARATOR);
			if (separator < 1) {
				throw new InvalidCursorException();
			}
			long micros = Long.parseLong(plain.substring(0, separator), 36);
			UUID id = UUID.fromString(plain.substring(separator + 1));
			if (!id.toString().equals(plain.substring(separator + 1))) {
				throw new InvalidCursorException();
			}
			return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
		}
		catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException ex) {
			throw new InvalidCursorException();
		}
	}

	/** The {@code after} parameter is not a token this service made: 400. */
	public static class InvalidCursorException extends InvalidFieldException {

		InvalidCursorException() {
			super("after", "not a cursor from a Link header of this service");
		}

	}

}
