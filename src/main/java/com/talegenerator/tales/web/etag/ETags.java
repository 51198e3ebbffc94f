package com.talegenerator.tales.web.etag;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.http.ResponseEntity;

/**
 * The entity tags of single resources (RFC 9110, 8.8.3), made in this one place for every
 * feature. A row's version is its {@code updatedAt}: every change moves it strictly
 * forward (the database's trigger, V013, for every writer), so its epoch microseconds, in
 * hex, name the version. The tag is strong: the representation is a function of the row
 * alone, the same for every caller who may see it.
 */
public final class ETags {

	private ETags() {
	}

	/** The quoted entity tag of the version stamped {@code updatedAt}. */
	public static String of(Instant updatedAt) {
		return "\"" + Long.toHexString(ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt)) + "\"";
	}

	/**
	 * A 200 with the resource and its ETag; for a GET, Spring MVC answers a matching
	 * {@code If-None-Match} with 304 and no body.
	 */
	public static <T> ResponseEntity<T> ok(T body, Instant updatedAt) {
		return ResponseEntity.ok().eTag(of(updatedAt)).body(body);
	}

	/** A 201 with the new resource, its {@code Location} and its ETag. */
	public static <T> ResponseEntity<T> created(URI location, T body, Instant updatedAt) {
		return ResponseEntity.created(location).eTag(of(updatedAt)).body(body);
	}

}
