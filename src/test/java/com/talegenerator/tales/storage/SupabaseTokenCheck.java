package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Supabase Storage (supabase/storage 4fa61fba) judges the token of a {@code GET
 * /object/sign/{bucket}/{path}?token=…}, written from its source so that tests can hold
 * our tokens to it without a running Storage:
 * <ol>
 * <li>{@code verifyJWT} ({@code src/internal/auth/jwt.ts}): jose's {@code jwtVerify} with
 * the algorithms {@code [AUTH_JWT_ALGORITHM]} (HS256) and, for a kid-less HMAC header,
 * the JWT secret as key ({@code findJWKFromHeader}); jose then refuses an {@code exp} at
 * or before now (whole seconds). Any failure is {@code InvalidJWT}.</li>
 * <li>{@code isDownloadScopedToken}: {@code scope} is {@code download}, or absent with no
 * {@code upsert} claim; else {@code InvalidSignature} "Token is not scoped for
 * download".</li>
 * <li>{@code payload.url === bucket + "/" + objectName}, else
 * {@code InvalidSignature}.</li>
 * <li>{@code payload.exp * 1000 < Date.now()}: {@code ExpiredSignature}.</li>
 * </ol>
 * A project with URL-signing JWKS is left out: a kid-less HS256 token goes to the secret
 * there too.
 */
final class SupabaseTokenCheck {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SupabaseTokenCheck() {
	}

	/** Storage's answer to the token for {@code bucket/objectName} at {@code now}. */
	static Outcome verify(String token, String jwtSecret, String bucket, String objectName, Instant now) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return Outcome.INVALID_JWT;
		}
		JsonNode header;
		JsonNode payload;
		byte[] signature;
		try {
			header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
			payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
			signature = Base64.getUrlDecoder().decode(parts[2]);
		}
		catch (RuntimeException ex) {
			return Outcome.INVALID_JWT;
		}
		if (!header.isObject() || !payload.isObject()) {
			return Outcome.INVALID_JWT;
		}
		// only AUTH_JWT_ALGORITHM is allowed, and a kid-less HS256 header means the
		// secret
		if (!"HS256".equals(header.path("alg").asString(null)) || header.has("kid") || header.has("crit")) {
			return Outcome.INVALID_JWT;
		}
		if (!MessageDigest.isEqual(hs256(jwtSecret, parts[0] + "." + parts[1]), signature)) {
			return Outcome.INVALID_JWT;
		}
		long nowSeconds = now.getEpochSecond();
		JsonNode exp = payload.path("exp");
		if (!exp.isMissingNode()) {
			// jose: a number, and the token is expired from that second on
			if (!exp.isNumber() || exp.asDouble() <= nowSeconds) {
				return Outcome.INVALID_JWT;
			}
		}
		for (String numeric : new String[] { "iat", "nbf" }) {
			if (payload.has(numeric) && !payload.get(numeric).isNumber()) {
				return Outcome.INVALID_JWT;
			}
		}
		if (payload.has("nbf") && payload.get("nbf").asDouble() > nowSeconds) {
			return Outcome.INVALID_JWT;
		}
		JsonNode scope = payload.path("scope");
		boolean download = scope.isMissingNode() ? !payload.has("upsert") : "download".equals(scope.asString(null));
		if (!download) {
			return Outcome.NOT_SCOPED_FOR_DOWNLOAD;
		}
		if (!(bucket + "/" + objectName).equals(payload.path("url").asString(null))) {
			return Outcome.INVALID_SIGNATURE;
		}
		// NaN for a missing exp: never expired, as in JavaScript
		if (exp.isNumber() && exp.asDouble() * 1000 < now.toEpochMilli()) {
			return Outcome.EXPIRED_SIGNATURE;
		}
		return Outcome.SERVED;
	}

	/** A token signed with {@code secret} over exactly these header and claims. */
	static String sign(String headerJson, String claimsJson, String secret) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String unsigned = encoder.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
		return unsigned + "." + encoder.encodeToString(hs256(secret, unsigned));
	}

	/** The claims of a token, unverified. */
	static JsonNode claims(String token) {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

	/** The header of a token, unverified. */
	static JsonNode header(String token) {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
	}

	private static byte[] hs256(String secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			// jose imports a string secret as its UTF-8 bytes
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What Storage does with the request. */
	enum Outcome {

		/** The object is served. */
		SERVED,
		/** 400 InvalidJWT: bad signature, algorithm, shape, or expired by jose. */
		INVALID_JWT,
		/** 400 InvalidSignature "Token is not scoped for download". */
		NOT_SCOPED_FOR_DOWNLOAD,
		/** 400 InvalidSignature: the token is for another object. */
		INVALID_SIGNATURE,
		/** 400 ExpiredSignature. */
		EXPIRED_SIGNATURE

	}

}
