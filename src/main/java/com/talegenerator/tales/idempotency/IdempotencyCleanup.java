package com.talegenerator.tales.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes expired keys in the background, in small batches. Several instances may run it
 * at once: each skips the rows another is removing ({@code FOR UPDATE SKIP LOCKED}).
 * Expired rows are ignored by every lookup anyway, so a late clean-up only costs space.
 */
@Component
class IdempotencyCleanup {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyCleanup.class);

	/** Small enough that one batch holds its row locks only briefly. */
	static final int BATCH = 1000;

	private final IdempotencyKeys keys;

	IdempotencyCleanup(IdempotencyKeys keys) {
		this.keys = keys;
	}

	@Scheduled(fixedDelayString = "${tales.idempotency.cleanup-interval:5m}",
			initialDelayString = "${tales.idempotency.cleanup-interval:5m}")
	void scheduled() {
		try {
			int removed = removeExpired();
			if (removed > 0) {
				log.debug("Removed {} expired idempotency keys", removed);
			}
		}
		catch (DataAccessException ex) {
			// the next run tries again
			log.warn("Could not remove expired idempotency keys", ex);
		}
	}

	/** Removes every expired key; returns how many this instance removed. */
	int removeExpired() {
		int total = 0;
		int removed;
		do {
			removed = this.keys.deleteExpired(BATCH);
			total += removed;
		}
		while (removed == BATCH);
		return total;
	}

}
