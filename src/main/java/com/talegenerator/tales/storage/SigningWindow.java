package com.talegenerator.tales.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * When a signed URL is valid. URLs are signed for windows of a quarter of their lifetime:
 * every URL signed during one window is issued at its start and expires one lifetime
 * later, so the same object gets the same URL all through the window (browsers and CDNs
 * cache it, and a response can be answered with 304 while it holds), and a URL handed out
 * at any moment is valid for at least three quarters of its lifetime. Times are whole
 * seconds, as in a JWT, so a lifetime under 4 s has windows of one second, and a URL may
 * then live as little as a lifetime less one second.
 *
 * @param issuedAt the window's start, the URLs' {@code iat}
 * @param expiresAt when the URLs stop working, the URLs' {@code exp}
 * @param endsAt when the next window starts
 */
public record SigningWindow(Instant issuedAt, Instant expiresAt, Instant endsAt) {

	/** The window that holds {@code now}, for URLs that live {@code ttl}. */
	public static SigningWindow at(Instant now, Duration ttl) {
		// JWT times are whole seconds, and a window lasts at least one
		long ttlSeconds = Math.max(1, ttl.toSeconds());
		long step = Math.max(1, ttlSeconds / 4);
		long start = Math.floorDiv(now.getEpochSecond(), step) * step;
		return new SigningWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + ttlSeconds),
				Instant.ofEpochSecond(start + step));
	}

	/** A short name of the window, the same for every moment of it. */
	public String name() {
		return Long.toString(this.issuedAt.getEpochSecond(), Character.MAX_RADIX);
	}

}
