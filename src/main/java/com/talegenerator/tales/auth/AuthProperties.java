package com.talegenerator.tales.auth;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param mode {@code auto} (on with an external database, off with the embedded one),
 * {@code jwt} (always on) or {@code none} (always off)
 * @param jwtSecret the project's legacy JWT secret, for HS256 tokens
 * @param supabaseUrl the project URL; gives the issuer and the JWKS of ES256/RS256 tokens
 * @param issuer the expected {@code iss}; default {@code {supabaseUrl}/auth/v1}
 * @param jwkSetUri where the signing keys are; default
 * {@code {supabaseUrl}/auth/v1/.well-known/jwks.json}
 * @param audience the expected {@code aud} of user tokens
 * @param serviceKey the service key, also accepted as a back-office bearer token
 * @param corsAllowedOrigins the origins a browser frontend may call from
 */
@ConfigurationProperties("tales.auth")
public record AuthProperties(@DefaultValue("auto") Mode mode, @Nullable String jwtSecret, @Nullable String supabaseUrl,
		@Nullable String issuer, @Nullable URI jwkSetUri, @DefaultValue("authenticated") String audience,
		@Nullable String serviceKey, @DefaultValue List<String> corsAllowedOrigins) {

	/** When requests need a token. */
	public enum Mode {

		AUTO, JWT, NONE

	}

}
