package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SigningWindowTests {

	private static final Duration HOUR = Duration.ofHours(1);

	/** A window start: a multiple of 15 minutes since the epoch. */
	private static final Instant START = Instant.parse("2026-12-01T20:15:00Z");

	@Test
	void givesEveryMomentOfAWindowTheSameTokens() {
		SignedUrlToken.Signer signer = new SignedUrlToken(
				"a key of at least thirty-two bytes!!".getBytes(StandardCharsets.UTF_8))
			.signer();
		SigningWindow first = SigningWindow.at(START, HOUR);
		SigningWindow last = SigningWindow.at(START.plus(Duration.ofMinutes(15)).minusNanos(1), HOUR);
		SigningWindow next = SigningWindow.at(START.plus(Duration.ofMinutes(15)), HOUR);

		assertThat(last).isEqualTo(first);
		assertThat(last.name()).isEqualTo(first.name());
		assertThat(first).isEqualTo(new SigningWindow(START, START.plus(HOUR), START.plus(Duration.ofMinutes(15))));
		assertThat(sign(signer, last)).isEqualTo(sign(signer, first));
		assertThat(next.issuedAt()).isEqualTo(first.endsAt());
		assertThat(next.name()).isNotEqualTo(first.name());
		assertThat(sign(signer, next)).isNotEqualTo(sign(signer, first));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT1H", "PT4S", "PT5S", "PT7S", "PT1M", "PT90.5S", "PT24H", "P7D" })
	void handsOutUrlsValidForAtLeastThreeQuartersOfTheirLifetime(Duration ttl) {
		// every moment of two lifetimes, at a step that is prime to the window's
		long stepMillis = Math.max(1, ttl.toMillis() / 997);
		for (Instant now = START; now.isBefore(START.plus(ttl.multipliedBy(2))); now = now.plusMillis(stepMillis)) {
			SigningWindow window = SigningWindow.at(now, ttl);
			assertThat(window.issuedAt()).isBeforeOrEqualTo(now);
			assertThat(window.endsAt()).isAfter(now);
			assertThat(Duration.between(now, window.expiresAt())).as("valid after %s for a lifetime of %s", now, ttl)
				.isGreaterThanOrEqualTo(wholeSeconds(ttl).multipliedBy(3).dividedBy(4))
				// never longer than the lifetime it was asked for
				.isLessThanOrEqualTo(wholeSeconds(ttl));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT0.5S", "PT1S", "PT2S", "PT3S" })
	void signsForAtLeastOneSecondWhenTheLifetimeIsShort(Duration ttl) {
		for (Instant now = START; now.isBefore(START.plusSeconds(4)); now = now.plusMillis(125)) {
			SigningWindow window = SigningWindow.at(now, ttl);
			// JWT times are whole seconds: windows of one second, URLs never expired when
			// handed out, and never valid for longer than the whole seconds asked for
			assertThat(Duration.between(window.issuedAt(), window.endsAt())).isEqualTo(Duration.ofSeconds(1));
			assertThat(window.expiresAt()).isAfter(now);
			assertThat(Duration.between(window.issuedAt(), window.expiresAt()))
				.isEqualTo(Duration.ofSeconds(Math.max(1, ttl.toSeconds())));
		}
	}

	@Test
	void namesAWindowShortlyAndTheSameForEveryMomentOfIt() {
		SigningWindow window = SigningWindow.at(START.plusSeconds(42), HOUR);

		assertThat(window.name()).isEqualTo(Long.toString(START.getEpochSecond(), 36)).matches("[0-9a-z]{1,8}");
	}

	private static Duration wholeSeconds(Duration ttl) {
		return Duration.ofSeconds(ttl.toSeconds());
	}

	private static String sign(SignedUrlToken.Signer signer, SigningWindow window) {
		return signer.sign("tales", "stories/7d0e/story.mp3", window.issuedAt(), window.expiresAt());
	}

}
