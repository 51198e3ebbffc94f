package com.talegenerator.tales.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A verified token is answered from memory until it expires, and only that exact token:
 * one with another signature or other claims is verified, and refused, as before.
 */
class SupabaseJwtDecoderTests {

	private static final String SECRET = "a-legacy-jwt-secret-of-more-than-thirty-two-characters";

	private static final String ISSUER = "https://ref.supabase.co/auth/v1";

	private final SupabaseJwtDecoder decoder = new SupabaseJwtDecoder(
			new AuthMode(true, SECRET, null, ISSUER, "authenticated", null));

	@Test
	void remembersAVerifiedTokenUntilItExpires() throws InterruptedException {
		// JWT times are whole seconds: at least one second, at most two, from now
		Instant expiresAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
		String token = hs256(SECRET, userClaims(expiresAt));

		Jwt first = this.decoder.decode(token);
		assertThat(this.decoder.decode(token)).isSameAs(first);

		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 100);
		// past exp, within the validator's minute of clock skew: verified again, not
		// remembered
		Jwt again = this.decoder.decode(token);
		assertThat(again).isNotSameAs(first);
		assertThat(again.getSubject()).isEqualTo(first.getSubject());
	}

	@Test
	void verifiesATokenWithAnotherSignatureOrOtherClaimsAfresh() {
		JWTClaimsSet claims = userClaims(Instant.now().plusSeconds(3600));
		String token = hs256(SECRET, claims);
		this.decoder.decode(token);

		String otherSignature = hs256("another-secret-of-more-than-thirty-two-characters!", claims);
		String[] parts = token.split("\\.");
		String otherClaims = hs256(SECRET, userClaims(Instant.now().plusSeconds(3600))).split("\\.")[1];

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(otherSignature));
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoder.decode(parts[0] + "." + otherClaims + "." + parts[2]));
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(claims.getSubject());
	}

	@Test
	void refusesARememberedTokensTwinThatIsExpired() {
		UUID user = UUID.randomUUID();
		Instant now = Instant.now();
		this.decoder.decode(hs256(SECRET, claims(user, now.plusSeconds(3600))));

		String expired = hs256(SECRET, claims(user, now.minusSeconds(300)));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(expired));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(expired));
	}

	private static JWTClaimsSet userClaims(Instant expiresAt) {
		return claims(UUID.randomUUID(), expiresAt);
	}

	private static JWTClaimsSet claims(UUID user, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(user.toString())
			.audience("authenticated")
			.claim("role", "authenticated")
			.issueTime(Date.from(expiresAt.minusSeconds(3600)))
			.expirationTime(Date.from(expiresAt))
			.build();
	}

	private static String hs256(String secret, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
