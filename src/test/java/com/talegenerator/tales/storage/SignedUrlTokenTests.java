package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import com.talegenerator.tales.storage.SignedUrlToken.Verdict;
import com.talegenerator.tales.storage.SupabaseTokenCheck.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our tokens against our own check and against Supabase Storage's
 * ({@link SupabaseTokenCheck}): what one accepts the other does, and each refusal has the
 * verdict that tells the client what went wrong.
 */
class SignedUrlTokenTests {

	private static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PATH = "stories/7d0e/story.mp3";

	private static final Instant ISSUED = Instant.parse("2026-12-01T20:00:00Z");

	private static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(1));

	private static final Instant NOW = ISSUED.plusSeconds(600);

	private final SignedUrlToken tokens = new SignedUrlToken(SECRET.getBytes(StandardCharsets.UTF_8));

	@Test
	void signsTheClaimsSupabaseStorageSignsAndAccepts() {
		String token = sign(PATH);

		assertThat(SupabaseTokenCheck.header(token)).isEqualTo(JSON.readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
		assertThat(SupabaseTokenCheck.claims(token))
			.isEqualTo(JSON.readTree("{\"url\":\"tales/" + PATH + "\",\"scope\":\"download\",\"iat\":"
					+ ISSUED.getEpochSecond() + ",\"exp\":" + EXPIRES.getEpochSecond() + "}"));
		assertThat(verify(token, PATH, NOW)).isEqualTo(Verdict.VALID);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", PATH, NOW)).isEqualTo(Outcome.SERVED);
	}

	@Test
	void acceptsATokenSupabaseStorageSigned() {
		// signObjectUrls: jose's header has no typ, and the claims come in Storage's
		// order
		String storages = SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}",
				"{\"url\":\"tales/" + PATH + "\",\"scope\":\"download\",\"iat\":" + ISSUED.getEpochSecond()
						+ ",\"exp\":" + EXPIRES.getEpochSecond() + "}",
				SECRET);

		assertThat(verify(storages, PATH, NOW)).isEqualTo(Verdict.VALID);
	}

	@Test
	void givesTheSameTokenForTheSameObjectAndWindow() {
		assertThat(sign(PATH)).isEqualTo(sign(PATH)).isNotEqualTo(sign("stories/7d0e/other.mp3"));
		assertThat(this.tokens.signer().sign("tales", PATH, ISSUED, EXPIRES.plusSeconds(900))).isNotEqualTo(sign(PATH));
	}

	@Test
	void refusesAForgedSignature() {
		String token = sign(PATH);
		String signature = token.substring(token.lastIndexOf('.') + 1);
		String forged = token.substring(0, token.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
		String flipped = token.substring(0, token.length() - 2)
				+ ((signature.charAt(signature.length() - 2) == 'A') ? 'B' : 'A') + token.charAt(token.length() - 1);

		for (String bad : new String[] { forged, flipped }) {
			assertThat(verify(bad, PATH, NOW)).as(bad).isEqualTo(Verdict.FORGED);
			assertThat(SupabaseTokenCheck.verify(bad, SECRET, "tales", PATH, NOW)).isEqualTo(Outcome.INVALID_JWT);
		}
	}

	@Test
	void refusesATokenOfAnotherKey() {
		String theirs = new SignedUrlToken(
				"another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
			.signer()
			.sign("tales", PATH, ISSUED, EXPIRES);

		assertThat(verify(theirs, PATH, NOW)).isEqualTo(Verdict.FORGED);
		// and Storage, with another project's secret, refuses ours
		assertThat(SupabaseTokenCheck.verify(sign(PATH), "another project's secret", "tales", PATH, NOW))
			.isEqualTo(Outcome.INVALID_JWT);
	}

	@Test
	void refusesTamperedClaims() {
		String token = sign("stories/7d0e/story.mp3");
		String[] parts = token.split("\\.");
		String otherClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"url\":\"tales/stories/9999/story.mp3\",\"scope\":\"download\",\"iat\":"
					+ ISSUED.getEpochSecond() + ",\"exp\":" + EXPIRES.plusSeconds(86_400).getEpochSecond() + "}")
				.getBytes(StandardCharsets.UTF_8));
		String tampered = parts[0] + "." + otherClaims + "." + parts[2];

		assertThat(verify(tampered, "stories/9999/story.mp3", NOW)).isEqualTo(Verdict.FORGED);
		assertThat(SupabaseTokenCheck.verify(tampered, SECRET, "tales", "stories/9999/story.mp3", NOW))
			.isEqualTo(Outcome.INVALID_JWT);
	}

	@Test
	void refusesTheTokenOfAnotherObject() {
		String token = sign(PATH);

		assertThat(verify(token, "stories/7d0e/thumbnail.png", NOW)).isEqualTo(Verdict.OTHER_OBJECT);
		assertThat(this.tokens.verify(token, "other-bucket", PATH, NOW, JSON)).isEqualTo(Verdict.OTHER_OBJECT);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", "stories/7d0e/thumbnail.png", NOW))
			.isEqualTo(Outcome.INVALID_SIGNATURE);
	}

	@Test
	void refusesAnExpiredTokenFromItsExpirySecondOn() {
		String token = sign(PATH);

		assertThat(verify(token, PATH, EXPIRES.minusMillis(1))).isEqualTo(Verdict.VALID);
		// RFC 7519 4.1.4 and jose: not accepted on or after exp
		assertThat(verify(token, PATH, EXPIRES)).isEqualTo(Verdict.EXPIRED);
		assertThat(verify(token, PATH, EXPIRES.plusSeconds(3600))).isEqualTo(Verdict.EXPIRED);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", PATH, EXPIRES.minusMillis(1)))
			.isEqualTo(Outcome.SERVED);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", PATH, EXPIRES)).isEqualTo(Outcome.INVALID_JWT);
	}

	@Test
	void refusesATokenWithoutAnExpiry() {
		String forever = SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}",
				"{\"url\":\"tales/" + PATH + "\",\"scope\":\"download\"}", SECRET);

		// Storage serves it for ever (NaN < now is false); ours has no such URL
		assertThat(verify(forever, PATH, NOW)).isEqualTo(Verdict.EXPIRED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9.e30.!!!" })
	void refusesWhatIsNoToken(String token) {
		assertThat(verify(token.isEmpty() ? null : token, PATH, NOW))
			.isEqualTo(token.isEmpty() ? Verdict.MISSING : Verdict.FORGED);
		assertThat(verify("", PATH, NOW)).isEqualTo(Verdict.MISSING);
	}

	@Test
	void refusesATokenScopedForUpload() {
		// Storage's own upload token, and one shaped like a legacy upload token (no
		// scope,
		// an upsert claim): signed with the right key, but not for reading
		String upload = SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}", "{\"owner\":null,\"url\":\"tales/" + PATH
				+ "\",\"upsert\":true,\"scope\":\"upload\",\"exp\":" + EXPIRES.getEpochSecond() + "}", SECRET);
		String legacyUpload = SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}",
				"{\"url\":\"tales/" + PATH + "\",\"upsert\":false,\"exp\":" + EXPIRES.getEpochSecond() + "}", SECRET);
		String otherScope = SupabaseTokenCheck.sign("{\"alg\":\"HS256\"}",
				"{\"url\":\"tales/" + PATH + "\",\"scope\":\"admin\",\"exp\":" + EXPIRES.getEpochSecond() + "}",
				SECRET);

		for (String token : new String[] { upload, legacyUpload, otherScope }) {
			assertThat(verify(token, PATH, NOW)).isEqualTo(Verdict.WRONG_SCOPE);
			assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", PATH, NOW))
				.isEqualTo(Outcome.NOT_SCOPED_FOR_DOWNLOAD);
		}
	}

	@Test
	void acceptsALegacyDownloadTokenWithoutScope() {
		String legacy = SupabaseTokenCheck.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"url\":\"tales/" + PATH
				+ "\",\"iat\":" + ISSUED.getEpochSecond() + ",\"exp\":" + EXPIRES.getEpochSecond() + "}", SECRET);

		assertThat(verify(legacy, PATH, NOW)).isEqualTo(Verdict.VALID);
		assertThat(SupabaseTokenCheck.verify(legacy, SECRET, "tales", PATH, NOW)).isEqualTo(Outcome.SERVED);
	}

	@Test
	void refusesAnotherAlgorithmWithAValidMac() {
		// the MAC is right, but the header claims an algorithm that was not used
		String claims = "{\"url\":\"tales/" + PATH + "\",\"scope\":\"download\",\"exp\":" + EXPIRES.getEpochSecond()
				+ "}";
		String hs512 = SupabaseTokenCheck.sign("{\"alg\":\"HS512\"}", claims, SECRET);
		String none = SupabaseTokenCheck.sign("{\"alg\":\"none\"}", claims, SECRET);
		String unsignedNone = none.substring(0, none.lastIndexOf('.') + 1);

		assertThat(verify(hs512, PATH, NOW)).isEqualTo(Verdict.FORGED);
		assertThat(verify(none, PATH, NOW)).isEqualTo(Verdict.FORGED);
		assertThat(verify(unsignedNone, PATH, NOW)).isEqualTo(Verdict.FORGED);
	}

	@Test
	void escapesWhatJsonCannotTakeAsItIs() {
		String path = "stories/7d0e/a \"quoted\" \\ name\tand\u0001 m\u00e4rchen.mp3";
		String token = sign(path);

		// the claim reads back as exactly the path, and the token is still Storage's
		// shape
		assertThat(SupabaseTokenCheck.claims(token).path("url").asString()).isEqualTo("tales/" + path);
		assertThat(verify(token, path, NOW)).isEqualTo(Verdict.VALID);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", path, NOW)).isEqualTo(Outcome.SERVED);
		assertThat(verify(token, "stories/7d0e/a \"quoted\" \\ name", NOW)).isEqualTo(Verdict.OTHER_OBJECT);
	}

	@Test
	void signsTheCharactersSupabaseAllowsInKeysAsTheyAre() {
		// VALID_OBJECT_KEY in Storage's src/storage/limits.ts
		String path = "stories/7d0e/A-z_0!.*'() &$=@;:+,?-.mp3";
		String token = sign(path);

		assertThat(SupabaseTokenCheck.claims(token).path("url").asString()).isEqualTo("tales/" + path);
		assertThat(SupabaseTokenCheck.verify(token, SECRET, "tales", path, NOW)).isEqualTo(Outcome.SERVED);
	}

	@Test
	void signsOnSeveralThreadsAtOnce() throws Exception {
		String expected = sign(PATH);
		java.util.List<Thread> threads = new java.util.ArrayList<>();
		java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 4; i++) {
			Thread thread = new Thread(() -> {
				for (int n = 0; n < 500; n++) {
					seen.add(sign(PATH));
					seen.add((verify(expected, PATH, NOW) == Verdict.VALID) ? "valid" : "refused");
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}

		// each signer and each check has a MAC of its own
		assertThat(seen).containsExactlyInAnyOrder(expected, "valid");
	}

	private String sign(String path) {
		return this.tokens.signer().sign("tales", path, ISSUED, EXPIRES);
	}

	private Verdict verify(String token, String path, Instant now) {
		return this.tokens.verify(token, "tales", path, now, JSON);
	}

}
