package com.talegenerator.tales.idempotency;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A family's remembered {@code Idempotency-Key}s, for its erasure: their kept responses
 * hold the family's data (a story's text, a child's name).
 */
@Component
public class IdempotencyFamily {

	private final JdbcClient jdbc;

	IdempotencyFamily(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Forgets every key of the family, in the caller's transaction.
	 * @return how many there were
	 */
	public int erase(UUID owner) {
		return this.jdbc.sql("DELETE FROM tales.idempotency_keys WHERE owner = ?").param(owner).update();
	}

}
