package com.talegenerator.tales.paging;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Turns a {@link KeysetPage} into the API's list response: a JSON array, and a
 * {@code Link: <…>; rel="next"} header when more rows exist. The next URL is the current
 * request's, filters and limit included, with only the {@code after} cursor replaced.
 */
public final class PageResponses {

	private PageResponses() {
	}

	/**
	 * The page of a list that takes {@code fields=}: every field of each item when the
	 * request names none, else only those (read by {@code sparse}).
	 * @param fields the fields asked for, as {@link SparseFields#select} gives them
	 */
	public static ResponseEntity<? extends List<?>> of(List<String> fields, Supplier<? extends KeysetPage<?>> full,
			Function<List<String>, KeysetPage<Map<String, Object>>> sparse) {
		return fields.isEmpty() ? of(full.get()) : of(sparse.apply(fields));
	}

	public static <T> ResponseEntity<List<T>> of(KeysetPage<T> slice) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		Cursor next = slice.next();
		if (next != null) {
			String url = ServletUriComponentsBuilder.fromCurrentRequest()
				.replaceQueryParam("after", next.encode())
				.build()
				.toUriString();
			response.header(HttpHeaders.LINK, "<" + url + ">; rel=\"next\"");
		}
		return response.body(slice.items());
	}

}
