package com.talegenerator.tales.web.etag;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;

/**
 * The entity tags of single resources (RFC 9110, 8.8.3), made in this one place for every
 * feature. A row's version is its {@code updatedAt}: every change moves it strictly
 * forward (the database's trigger, V013, for every writer), so its epoch microseconds, in
 * hex, name the version. The tag is strong: the representation is a function of the row
 * alone, the same for every caller who may see it, except for signed media URLs, which
 * change from one signing window to the next; a representation that shows them has the
 * window's name after the version ({@code "{version}.{window}"}), so a cached copy is not
 * confirmed with 304 once its URLs are older than the window. Preconditions of writes
 * compare the version alone ({@link IfMatch}).
 */
public final class ETags {

	private ETags() {
	}

	/** The quoted entity tag of the version stamped {@code updatedAt}. */
	public static String of(Instant updatedAt) {
		return "\"" + version(updatedAt) + "\"";
	}

	/**
	 * The quoted entity tag of the version stamped {@code updatedAt} in the
	 * representation {@code variant} ({@code null}: the only one).
	 */
	public static String of(Instant updatedAt, @Nullable String variant) {
		return (variant != null) ? "\"" + version(updatedAt) + "." + variant + "\"" : of(updatedAt);
	}

	/** The version part of an entity tag's opaque text: what comes before a dot. */
	static String versionOf(String opaqueTag) {
		int dot = opaqueTag.indexOf('.');
		return (dot >= 0) ? opaqueTag.substring(0, dot) : opaqueTag;
	}

	static String version(Instant updatedAt) {
		return Long.toHexString(ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt));
	}

	/**
	 * A 200 with the resource and its ETag; for a GET, Spring MVC answers a matching
	 * {@code If-None-Match} with 304 and no body.
	 */
	public static <T> ResponseEntity<T> ok(T body, Instant updatedAt) {
		return ok(body, updatedAt, null);
	}

	/** A 200 with the resource in representation {@code variant} and its ETag. */
	public static <T> ResponseEntity<T> ok(T body, Instant updatedAt, @Nullable String variant) {
		return ResponseEntity.ok().eTag(of(updatedAt, variant)).body(body);
	}

	/** A 201 with the new resource, its {@code Location} and its ETag. */
	public static <T> ResponseEntity<T> created(URI location, T body, Instant updatedAt) {
		return ResponseEntity.created(location).eTag(of(updatedAt)).body(body);
	}

}
