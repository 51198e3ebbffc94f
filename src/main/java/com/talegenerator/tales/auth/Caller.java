package com.talegenerator.tales.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Whom a request acts for: a Supabase user, who sees and changes only their own rows, or
 * the back-office ({@code service_role}, or anyone while authentication is off), which
 * sees and changes everything.
 *
 * @param userId the user's id (the token's {@code sub}); {@code null} for the back-office
 * @param backOffice whether every row is visible
 */
public record Caller(@Nullable UUID userId, boolean backOffice) {

	/** The back-office: every row, and new rows belong to no one. */
	public static final Caller BACK_OFFICE = new Caller(null, true);

	public static Caller user(UUID userId) {
		return new Caller(userId, false);
	}

	/** Whether a row owned by {@code owner} exists for this caller. */
	public boolean canSee(@Nullable UUID owner) {
		return this.backOffice || (owner != null && owner.equals(this.userId));
	}

	/** The owner to filter lists and statements by; {@code null} means every row. */
	public @Nullable UUID scope() {
		return this.backOffice ? null : this.userId;
	}

	/**
	 * The owner of a row this caller creates; the back-office's rows belong to no one.
	 */
	public @Nullable UUID owner() {
		return this.userId;
	}

}
