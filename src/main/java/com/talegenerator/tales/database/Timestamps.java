package com.talegenerator.tales.database;

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

}
