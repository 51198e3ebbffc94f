package com.talegenerator.tales.auth;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Checks what a signature cannot: a user token comes from the project's Auth
 * ({@code iss}), is meant for signed-in users ({@code aud = authenticated}) and names a
 * user ({@code sub}, a UUID). The legacy {@code service_role} key is a JWT too, signed
 * with the same secret, but has {@code iss = supabase} and no {@code aud} or {@code sub}:
 * it is the back-office. Expiry is checked by the decoder's default validators.
 */
class SupabaseTokenValidator implements OAuth2TokenValidator<Jwt> {

	static final String SERVICE_ROLE = "service_role";

	private final String issuer;

	private final String audience;

	SupabaseTokenValidator(String issuer, String audience) {
		this.issuer = issuer;
		this.audience = audience;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			// Supabase always sets exp; a token that never expires was not made by it
			return invalid("The token has no expiry");
		}
		String role = jwt.getClaimAsString("role");
		String iss = jwt.getClaimAsString("iss");
		if (SERVICE_ROLE.equals(role)) {
			return (this.issuer.equals(iss) || "supabase".equals(iss)) ? OAuth2TokenValidatorResult.success()
					: invalid("The token's issuer is not this project");
		}
		if (!this.issuer.equals(iss)) {
			return invalid("The token's issuer is not this project");
		}
		List<String> audiences = jwt.getAudience();
		if (audiences == null || !audiences.contains(this.audience)) {
			return invalid("The token is not meant for signed-in users");
		}
		try {
			UUID.fromString(String.valueOf(jwt.getSubject()));
		}
		catch (IllegalArgumentException ex) {
			return invalid("The token names no user");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
