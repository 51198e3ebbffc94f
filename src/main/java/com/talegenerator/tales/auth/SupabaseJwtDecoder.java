package com.talegenerator.tales.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies Supabase tokens whichever way the project signs them: HS256 with the legacy
 * JWT secret, ES256 or RS256 with a key from the project's JWKS (both may be valid at
 * once while a project migrates). The token's own {@code alg} header picks the verifier;
 * anything else, {@code none} included, is refused. A {@code sb_secret_…} service key,
 * which is not a JWT, is accepted as the back-office when it equals the configured one.
 * <p>
 * A verified token is remembered until its {@code exp}: a signed-in app sends the same
 * token with every request for up to an hour, and parsing, checking and converting it
 * again each time cost more than the database query behind a request (the benchmark's
 * profile, docs/performance.md). Only a token identical to a verified one, signature
 * included, is answered from memory.
 */
class SupabaseJwtDecoder implements JwtDecoder {

	/**
	 * Tokens remembered at most: a few megabytes, more than the signed-in families of a
	 * busy bedtime hour; past it the least useful are verified again when they return.
	 */
	static final int MAX_REMEMBERED_TOKENS = 10_000;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder()
		.maximumSize(MAX_REMEMBERED_TOKENS)
		.expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt)))
		.build();

	private final @Nullable JwtDecoder hmac;

	private final @Nullable JwtDecoder jwks;

	private final byte @Nullable [] serviceKey;

	SupabaseJwtDecoder(AuthMode mode) {
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
				new SupabaseTokenValidator(String.valueOf(mode.issuer()), mode.audience()));
		this.hmac = (mode.jwtSecret() != null) ? withValidator(NimbusJwtDecoder
			// Supabase uses the secret's characters as the key, not a base64 decoding of
			// them
			.withSecretKey(new SecretKeySpec(mode.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build(), validator) : null;
		this.jwks = (mode.jwkSetUri() != null)
				? withValidator(NimbusJwtDecoder.withJwkSetUri(mode.jwkSetUri().toString())
					.jwsAlgorithm(SignatureAlgorithm.ES256)
					.jwsAlgorithm(SignatureAlgorithm.RS256)
					.build(), validator)
				: null;
		this.serviceKey = (mode.serviceKey() != null) ? mode.serviceKey().getBytes(StandardCharsets.UTF_8) : null;
	}

	private static JwtDecoder withValidator(NimbusJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator) {
		decoder.setJwtValidator(validator);
		return decoder;
	}

	@Override
	public Jwt decode(String token) {
		if (this.serviceKey != null && MessageDigest.isEqual(this.serviceKey, token.getBytes(StandardCharsets.UTF_8))) {
			return serviceKeyToken(token);
		}
		Jwt remembered = this.verified.getIfPresent(token);
		if (remembered != null) {
			return remembered;
		}
		Jwt jwt = verify(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	/**
	 * The token, its signature and claims checked; every token that passes has an expiry.
	 */
	private Jwt verify(String token) {
		JWSAlgorithm algorithm;
		try {
			if (!(JWTParser.parse(token) instanceof SignedJWT signed)) {
				throw new BadJwtException("The token is not signed");
			}
			algorithm = signed.getHeader().getAlgorithm();
		}
		catch (ParseException ex) {
			throw new BadJwtException("The token is not a JWT", ex);
		}
		JwtDecoder decoder = JWSAlgorithm.HS256.equals(algorithm) ? this.hmac
				: (JWSAlgorithm.ES256.equals(algorithm) || JWSAlgorithm.RS256.equals(algorithm)) ? this.jwks : null;
		if (decoder == null) {
			throw new BadJwtException("Tokens signed with " + algorithm + " are not accepted");
		}
		return decoder.decode(token);
	}

	/**
	 * How long a verified token stays remembered: until its {@code exp}, not the minute
	 * of clock skew the validator allows past it (the token is then verified again).
	 */
	private static Duration untilExpiry(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		Duration left = (expiresAt != null) ? Duration.between(Instant.now(), expiresAt) : Duration.ZERO;
		return left.isNegative() ? Duration.ZERO : left;
	}

	private static Jwt serviceKeyToken(String token) {
		return Jwt.withTokenValue(token)
			.header("alg", "none")
			.claims((claims) -> claims.putAll(Map.of("role", SupabaseTokenValidator.SERVICE_ROLE, "iss", "supabase")))
			.issuedAt(Instant.now())
			.build();
	}

}
