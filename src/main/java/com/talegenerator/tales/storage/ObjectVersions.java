package com.talegenerator.tales.storage;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The version that the URL of a stored object carries in its query ({@code ?v=…}), new on
 * every store. Both storage modes serve an object whatever its URL's query says, while
 * browsers and CDNs cache by the whole URL (public objects are served with
 * {@code max-age=3600}), so the URL of a replaced object is never answered from a cache
 * with the old bytes.
 */
final class ObjectVersions {

	private static final AtomicLong last = new AtomicLong();

	private ObjectVersions() {
	}

	/**
	 * {@code publicUrl} with a new version: the time of the store in milliseconds, in
	 * base 36, moved on by one when it would repeat the last (two stores in the same
	 * millisecond, or the clock set back).
	 */
	static URI versioned(URI publicUrl) {
		long now = System.currentTimeMillis();
		long version = last.updateAndGet((previous) -> Math.max(now, previous + 1));
		String separator = (publicUrl.getRawQuery() != null) ? "&" : "?";
		return URI.create(publicUrl + separator + "v=" + Long.toString(version, Character.MAX_RADIX));
	}

}
