package com.talegenerator.tales.idempotency;

import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The key's syntax (API.md: 1 to 255 printable ASCII characters) and whose it is. */
class IdempotencyFilterTests {

	@Test
	void acceptsOneTo255PrintableAsciiCharacters() {
		assertThat(IdempotencyFilter.isValidKey("a")).isTrue();
		assertThat(IdempotencyFilter.isValidKey(" !~")).isTrue();
		assertThat(IdempotencyFilter.isValidKey("k".repeat(255))).isTrue();
		assertThat(IdempotencyFilter.isValidKey(UUID.randomUUID().toString())).isTrue();
	}

	@Test
	void refusesEmptyLongAndNonPrintableKeys() {
		assertThat(IdempotencyFilter.isValidKey("")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("k".repeat(256))).isFalse();
		assertThat(IdempotencyFilter.isValidKey("tab\there")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("del\u007f")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("caf\u00e9")).isFalse();
	}

	@Test
	void keysAreEachCallersOwnAndOwnedByTheirFamily() {
		UUID user = UUID.randomUUID();
		IdempotentRequest ofUser = IdempotentRequest.of(Caller.user(user), "k", "POST", "/stories");
		IdempotentRequest ofBackOffice = IdempotentRequest.of(Caller.BACK_OFFICE, "k", "POST", "/stories");

		assertThat(ofUser.caller()).isEqualTo("user:" + user).isNotEqualTo(ofBackOffice.caller());
		assertThat(ofUser.owner()).isEqualTo(user);
		assertThat(ofBackOffice.owner()).isNull();
		assertThat(ofUser.sameOperation("POST", "/stories")).isTrue();
		assertThat(ofUser.sameOperation("POST", "/children")).isFalse();
	}

}
