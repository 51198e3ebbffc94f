package com.talegenerator.tales.database;

import com.talegenerator.tales.web.etag.ETags;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Server-set times ({@code createdAt}, {@code updatedAt}). */
public final class Timestamps {

	private Timestamps() {
	}

	/**
	 * Now, at PostgreSQL's precision (microseconds), so a response shows exactly what was
	 * stored.
	 */
	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The {@code updatedAt} of a change to a row last stamped {@code previous}: now, but
	 * at least a microsecond later, so that a row's versions (and {@link ETags}) strictly
	 * increase in the order the changes commit, even within one microsecond or when the
	 * clock steps back. Callers hold the row's lock, so no other change slips in between.
	 */
	public static Instant after(Instant previous) {
		Instant now = now();
		return now.isAfter(previous) ? now : previous.truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
	}

}
