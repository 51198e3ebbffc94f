package com.talegenerator.tales;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens minted as Supabase Auth mints them with a project's legacy JWT secret
 * (HS256), for tests that run with authentication on.
 */
public final class TestTokens {

	private TestTokens() {
	}

	/** A user's token: role and audience {@code authenticated}, valid for an hour. */
	public static String user(String secret, String issuer, UUID user) {
		Instant now = Instant.now();
		return hs256(secret,
				new JWTClaimsSet.Builder().issuer(issuer)
					.audience("authenticated")
					.subject(user.toString())
					.claim("role", "authenticated")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
					.build());
	}

	/** The back-office's key: a {@code service_role} token, as Supabase's service key. */
	public static String serviceRole(String secret) {
		Instant now = Instant.now();
		return hs256(secret,
				new JWTClaimsSet.Builder().issuer("supabase")
					.claim("role", "service_role")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
					.build());
	}

	/** Any claims, signed with the secret. */
	public static String hs256(String secret, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
