package com.talegenerator.tales.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long keys are kept and how an upload's claim behaves.
 *
 * @param ttl how long a key is remembered after its first request
 * ({@code TALES_IDEMPOTENCY_TTL})
 * @param uploadLease how long an upload's claim on its key holds without the upload
 * finishing: a retry within it is a 409, after it (the first instance crashed) it runs
 * @param cleanupInterval how often expired keys are removed
 * @param retryAfter what a 409 for a key in flight tells the client to wait
 */
@ConfigurationProperties("tales.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("15m") Duration uploadLease,
		@DefaultValue("5m") Duration cleanupInterval, @DefaultValue("1s") Duration retryAfter) {

	IdempotencyProperties {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("tales.idempotency.ttl must be positive");
		}
	}

}
