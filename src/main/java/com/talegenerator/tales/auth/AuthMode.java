package com.talegenerator.tales.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Whether requests need a token, and how tokens are verified, decided once at start-up
 * from {@link AuthProperties} and the run mode.
 *
 * @param enabled whether every non-public endpoint needs a valid token
 * @param jwtSecret the HS256 secret, if tokens may be signed with it
 * @param jwkSetUri the JWKS of ES256/RS256 tokens, if they may be
 * @param issuer the expected {@code iss} of user tokens
 * @param audience the expected {@code aud} of user tokens
 * @param serviceKey a non-JWT service key ({@code sb_secret_…}) accepted as the
 * back-office
 */
record AuthMode(boolean enabled, @Nullable String jwtSecret, @Nullable URI jwkSetUri, @Nullable String issuer,
		String audience, @Nullable String serviceKey) {

	/** 256 bits, the shortest key HS256 may use; Supabase's secrets are longer. */
	private static final int MIN_SECRET_BYTES = 32;

	static final AuthMode OFF = new AuthMode(false, null, null, null, "authenticated", null);

	/**
	 * @throws InvalidSettingException if an external database is configured without any
	 * way to verify tokens and without an explicit {@code TALES_AUTH=none}
	 */
	static AuthMode resolve(AuthProperties properties, boolean embeddedDatabase) {
		if (properties.mode() == AuthProperties.Mode.NONE
				|| (properties.mode() == AuthProperties.Mode.AUTO && embeddedDatabase)) {
			return OFF;
		}
		String supabaseUrl = trimmed(properties.supabaseUrl());
		String secret = trimmed(properties.jwtSecret());
		URI jwkSetUri = properties.jwkSetUri();
		if (jwkSetUri == null && supabaseUrl != null) {
			jwkSetUri = URI.create(stripSlash(supabaseUrl) + "/auth/v1/.well-known/jwks.json");
		}
		if (secret == null && jwkSetUri == null) {
			// TALES_AUTH=jwt asks for tokens whatever the database: name the real reason
			String reason = (properties.mode() == AuthProperties.Mode.JWT)
					? "Authentication is required (TALES_AUTH=jwt)" : "An external database is configured";
			throw new InvalidSettingException(reason + " but tokens cannot be verified: set SUPABASE_URL (its JWKS) "
					+ "and/or SUPABASE_JWT_SECRET, or TALES_AUTH=none to run without authentication");
		}
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			// HS256 needs a key of at least 256 bits: a shorter one would fail every
			// token at run time, not here
			throw new InvalidSettingException("SUPABASE_JWT_SECRET is shorter than " + MIN_SECRET_BYTES
					+ " characters: it is not the project's JWT secret (Settings > API > JWT secret)");
		}
		String issuer = trimmed(properties.issuer());
		if (issuer == null && supabaseUrl != null) {
			issuer = stripSlash(supabaseUrl) + "/auth/v1";
		}
		if (issuer == null) {
			throw new InvalidSettingException(
					"TALES_AUTH_ISSUER (or SUPABASE_URL) must be set: tokens are checked against their issuer");
		}
		String serviceKey = trimmed(properties.serviceKey());
		return new AuthMode(true, secret, jwkSetUri, issuer, properties.audience(),
				(serviceKey != null && serviceKey.startsWith("sb_secret_")) ? serviceKey : null);
	}

	private static @Nullable String trimmed(@Nullable String value) {
		return StringUtils.hasText(value) ? value.strip() : null;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
