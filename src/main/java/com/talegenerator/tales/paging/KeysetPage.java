package com.talegenerator.tales.paging;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A page of rows, newest first, and where the next page starts.
 *
 * @param items the rows of this page
 * @param next the cursor of the next page; {@code null} when this is the last page
 */
public record KeysetPage<T>(List<T> items, @Nullable Cursor next) {

	public <R> KeysetPage<R> map(Function<? super T, ? extends R> mapper) {
		return new KeysetPage<>(this.items.stream().<R>map(mapper).toList(), this.next);
	}

}
