package com.talegenerator.tales.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table {@code idempotency_keys}. A row whose {@code expires_at} has passed counts as
 * absent everywhere (the background clean-up removes it later), so a new request may take
 * its place.
 */
@Repository
class IdempotencyKeys {

	private static final String COLUMNS = """
			method, path, fingerprint, state, (lease_until IS NOT NULL AND lease_until > now()) AS leased,
			status, content_type, location, etag, body""";

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the key's transaction-scoped advisory lock, or says another transaction holds
	 * it. A transaction lock (not a session one) works behind Supabase's transaction
	 * pooler, and is released by the commit or rollback, also when a connection dies.
	 */
	boolean tryLock(IdempotentRequest request) {
		return Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")
			.param(request.caller() + "\n" + request.key())
			.query(Boolean.class)
			.single());
	}

	Optional<StoredKey> find(IdempotentRequest request) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM tales.idempotency_keys
				WHERE caller = ? AND idempotency_key = ? AND expires_at > now()""")
			.param(request.caller())
			.param(request.key())
			.query((rs, row) -> new StoredKey(rs.getString("method"), rs.getString("path"), rs.getBytes("fingerprint"),
					rs.getString("state"), rs.getBoolean("leased"),
					new RecordedResponse(rs.getInt("status"), rs.getString("content_type"), rs.getString("location"),
							rs.getString("etag"), rs.getBytes("body"))))
			.optional();
	}

	/**
	 * Records a JSON create's completed key, in the transaction of the create; false if a
	 * live row holds the key (which the advisory lock makes a bug, not a race).
	 */
	boolean insertCompleted(IdempotentRequest request, byte[] fingerprint, RecordedResponse response, Duration ttl) {
		return this.jdbc.sql("""
				INSERT INTO tales.idempotency_keys AS k (caller, idempotency_key, owner, method, path, fingerprint,
				    state, status, content_type, location, etag, body, expires_at)
				VALUES (:caller, :key, :owner, :method, :path, :fingerprint, 'completed', :status, :contentType,
				    :location, :etag, :body, now() + :ttlMillis * interval '1 millisecond')
				ON CONFLICT (caller, idempotency_key) DO UPDATE SET owner = excluded.owner, method = excluded.method,
				    path = excluded.path, fingerprint = excluded.fingerprint, state = excluded.state, claim = NULL,
				    lease_until = NULL, status = excluded.status, content_type = excluded.content_type,
				    location = excluded.location, etag = excluded.etag, body = excluded.body,
				    created_at = now(), expires_at = excluded.expires_at
				WHERE k.expires_at <= now()""")
			.param("caller", request.caller())
			.param("key", request.key())
			.param("owner", request.owner())
			.param("method", request.method())
			.param("path", request.path())
			.param("fingerprint", fingerprint)
			.param("status", response.status())
			.param("contentType", response.contentType())
			.param("location", response.location())
			.param("etag", response.etag())
			.param("body", response.body())
			.param("ttlMillis", ttl.toMillis())
			.update() == 1;
	}

	/**
	 * Claims the key for an upload (committed at once, so other instances see it): a new
	 * row, or one that expired, or one whose upload stopped renewing its lease.
	 */
	boolean claim(IdempotentRequest request, UUID claim, Duration lease, Duration ttl) {
		return this.jdbc.sql("""
				INSERT INTO tales.idempotency_keys AS k (caller, idempotency_key, owner, method, path, state, claim,
				    lease_until, expires_at)
				VALUES (:caller, :key, :owner, :method, :path, 'in_flight', :claim,
				    now() + :leaseMillis * interval '1 millisecond', now() + :ttlMillis * interval '1 millisecond')
				ON CONFLICT (caller, idempotency_key) DO UPDATE SET owner = excluded.owner, method = excluded.method,
				    path = excluded.path, fingerprint = NULL, state = excluded.state, claim = excluded.claim,
				    lease_until = excluded.lease_until, status = NULL, content_type = NULL, location = NULL,
				    etag = NULL, body = NULL, created_at = now(), expires_at = excluded.expires_at
				WHERE k.expires_at <= now()
				    OR (k.state <> 'completed' AND k.method = excluded.method AND k.path = excluded.path
				        AND k.lease_until <= now())""")
			.param("caller", request.caller())
			.param("key", request.key())
			.param("owner", request.owner())
			.param("method", request.method())
			.param("path", request.path())
			.param("claim", claim)
			.param("leaseMillis", lease.toMillis())
			.param("ttlMillis", ttl.toMillis())
			.update() == 1;
	}

	/**
	 * Marks the claimed key attached, with the upload's fingerprint, in the transaction
	 * that points the row at the stored file; false if the claim was lost (its lease ran
	 * out and another request took the key).
	 */
	boolean attach(IdempotentRequest request, UUID claim, byte[] fingerprint) {
		return this.jdbc.sql("""
				UPDATE tales.idempotency_keys SET state = 'attached', fingerprint = ?
				WHERE caller = ? AND idempotency_key = ? AND claim = ?""")
			.param(fingerprint)
			.param(request.caller())
			.param(request.key())
			.param(claim)
			.update() == 1;
	}

	/** Keeps an attached upload's response, to be answered again. */
	boolean complete(IdempotentRequest request, UUID claim, RecordedResponse response) {
		return this.jdbc.sql("""
				UPDATE tales.idempotency_keys SET state = 'completed', claim = NULL, lease_until = NULL,
				    status = ?, content_type = ?, location = ?, etag = ?, body = ?
				WHERE caller = ? AND idempotency_key = ? AND claim = ? AND state = 'attached'""")
			.param(response.status())
			.param(response.contentType())
			.param(response.location())
			.param(response.etag())
			.param(response.body())
			.param(request.caller())
			.param(request.key())
			.param(claim)
			.update() == 1;
	}

	/** Gives up a claim whose upload failed: the retry runs. */
	void release(IdempotentRequest request, UUID claim) {
		this.jdbc.sql("""
				DELETE FROM tales.idempotency_keys
				WHERE caller = ? AND idempotency_key = ? AND claim = ? AND state <> 'completed'""")
			.param(request.caller())
			.param(request.key())
			.param(claim)
			.update();
	}

	/**
	 * Removes up to {@code limit} expired keys. Rows another instance is removing are
	 * skipped, not waited for.
	 */
	int deleteExpired(int limit) {
		return this.jdbc.sql("""
				DELETE FROM tales.idempotency_keys WHERE ctid IN (
				    SELECT ctid FROM tales.idempotency_keys WHERE expires_at <= now()
				    LIMIT ? FOR UPDATE SKIP LOCKED)""").param(limit).update();
	}

	/**
	 * A key as kept.
	 *
	 * @param leased whether an upload's claim on it still holds
	 */
	record StoredKey(String method, String path, byte @Nullable [] fingerprint, String state, boolean leased,
			RecordedResponse response) {

		boolean completed() {
			return "completed".equals(this.state);
		}

	}

	/** The first response, as it is answered again. */
	record RecordedResponse(int status, @Nullable String contentType, @Nullable String location, @Nullable String etag,
			byte @Nullable [] body) {
	}

}
