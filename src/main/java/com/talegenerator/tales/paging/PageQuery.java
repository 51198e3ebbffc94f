package com.talegenerator.tales.paging;

import org.jspecify.annotations.Nullable;

/**
 * One page of a newest-first list.
 *
 * @param after where the previous page ended; {@code null} for the first page
 * @param limit how many rows at most, 1 to {@link #MAX_LIMIT}
 */
public record PageQuery(@Nullable Cursor after, int limit) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 500;

	public PageQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
		}
	}

	/** Reads the {@code after} and {@code limit} query parameters. */
	public static PageQuery of(@Nullable String after, int limit) {
		return new PageQuery((after != null && !after.isEmpty()) ? Cursor.decode(after) : null, limit);
	}

}
