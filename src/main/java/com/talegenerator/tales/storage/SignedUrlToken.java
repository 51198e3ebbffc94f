package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token of a signed download URL, in the shape Supabase Storage makes and checks
 * ({@code src/storage/object.ts}, {@code signObjectUrl} and
 * {@code verifyObjectSignature}): an HS256 JWT whose claims are {@code url}
 * ({@code {bucket}/{path}}), {@code scope} ({@code download}), {@code iat} and
 * {@code exp}. Signed with the project's JWT secret it is a token Supabase Storage
 * accepts; signed with local storage's own key it is one only this service accepts.
 * <p>
 * Written by hand rather than with Nimbus JOSE (which Spring Security brings): a list
 * page signs up to one URL per item, and this costs one HMAC over a precomputed key,
 * where Nimbus builds and serialises header and claim objects for each
 * (docs/performance.md, "Signed URLs").
 */
final class SignedUrlToken {

	static final String DOWNLOAD_SCOPE = "download";

	private static final String ALGORITHM = "HmacSHA256";

	/**
	 * {@code {"alg":"HS256","typ":"JWT"}}. Storage's own tokens have
	 * {@code {"alg":"HS256"}} only (jose writes the header it is given); it picks the key
	 * by {@code alg} and {@code kid}, and without a {@code kid} the JWT secret checks the
	 * token.
	 */
	private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final Mac prototype;

	/**
	 * @param key the HMAC key: the JWT secret's bytes, or local storage's own key
	 */
	SignedUrlToken(byte[] key) {
		try {
			this.prototype = Mac.getInstance(ALGORITHM);
			this.prototype.init(new SecretKeySpec(key, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

	/** A signer for one batch of tokens; not for several threads at once. */
	Signer signer() {
		try {
			return new Signer((Mac) this.prototype.clone());
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether {@code token} is one of ours for {@code bucket/path}, scoped for download,
	 * and not expired at {@code now}.
	 */
	Verdict verify(@Nullable String token, String bucket, String path, Instant now, JsonMapper jsonMapper) {
		if (token == null || token.isEmpty()) {
			return Verdict.MISSING;
		}
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return Verdict.FORGED;
		}
		byte[] expected = signer().mac(parts[0] + "." + parts[1]);
		byte[] given;
		try {
			given = Base64.getUrlDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			return Verdict.FORGED;
		}
		// constant time: the comparison tells nothing of how much of a guess was right
		if (!MessageDigest.isEqual(expected, given)) {
			return Verdict.FORGED;
		}
		JsonNode claims;
		JsonNode header;
		try {
			header = jsonMapper.readTree(Base64.getUrlDecoder().decode(parts[0]));
			claims = jsonMapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return Verdict.FORGED;
		}
		if (!"HS256".equals(header.path("alg").asString(null))) {
			return Verdict.FORGED;
		}
		// Supabase's rule: a download token has the download scope, or (made before
		// scopes) no scope and no upload claim
		JsonNode scope = claims.path("scope");
		boolean download = scope.isMissingNode() ? !claims.has("upsert") : DOWNLOAD_SCOPE.equals(scope.asString(null));
		if (!download) {
			return Verdict.WRONG_SCOPE;
		}
		if (!(bucket + "/" + path).equals(claims.path("url").asString(null))) {
			return Verdict.OTHER_OBJECT;
		}
		JsonNode exp = claims.path("exp");
		// not accepted on or after exp (RFC 7519 4.1.4), in whole seconds as jose, which
		// Supabase Storage checks with, counts them
		if (!exp.isIntegralNumber() || exp.asLong() <= now.getEpochSecond()) {
			return Verdict.EXPIRED;
		}
		return Verdict.VALID;
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** What a token says of a request for an object. */
	enum Verdict {

		VALID, MISSING, FORGED, WRONG_SCOPE, OTHER_OBJECT, EXPIRED

	}

	/** Signs tokens with its own copy of the key's MAC. */
	static final class Signer {

		private final Mac mac;

		private Signer(Mac mac) {
			this.mac = mac;
		}

		/**
		 * The token for reading {@code bucket/path} from {@code issuedAt} until
		 * {@code expiresAt}. Object paths hold only characters JSON takes as they are
		 * (Supabase's key rule, {@link SafeFileName}); any other is escaped.
		 */
		String sign(String bucket, String path, Instant issuedAt, Instant expiresAt) {
			StringBuilder claims = new StringBuilder(path.length() + 96).append("{\"url\":\"");
			appendJsonString(claims, bucket);
			claims.append('/');
			appendJsonString(claims, path);
			claims.append("\",\"scope\":\"")
				.append(DOWNLOAD_SCOPE)
				.append("\",\"iat\":")
				.append(issuedAt.getEpochSecond())
				.append(",\"exp\":")
				.append(expiresAt.getEpochSecond())
				.append('}');
			String unsigned = HEADER + "."
					+ BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
			return unsigned + "." + BASE64URL.encodeToString(mac(unsigned));
		}

		private byte[] mac(String unsigned) {
			return this.mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII));
		}

		private static void appendJsonString(StringBuilder json, String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '"' || c == '\\') {
					json.append('\\').append(c);
				}
				else if (c < 0x20) {
					json.append(String.format("\\u%04x", (int) c));
				}
				else {
					json.append(c);
				}
			}
		}

	}

}
