package com.talegenerator.tales.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorTests {

	private static final UUID ID = UUID.fromString("0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d");

	@Test
	void roundTripsMicrosecondPrecisionAndId() {
		Cursor cursor = new Cursor(Instant.parse("2026-11-25T10:00:00.123456Z"), ID);

		Cursor decoded = Cursor.decode(cursor.encode());

		assertThat(decoded).isEqualTo(cursor);
		assertThat(decoded.createdAt().getNano()).isEqualTo(123_456_000);
	}

	@Test
	void roundTripsTimesBeforeTheEpochAndTheEpochItself() {
		Cursor before = new Cursor(Instant.parse("1969-07-20T20:17:40.000001Z"), ID);
		Cursor epoch = new Cursor(Instant.EPOCH, ID);

		assertThat(Cursor.decode(before.encode())).isEqualTo(before);
		assertThat(Cursor.decode(epoch.encode())).isEqualTo(epoch);
	}

	@Test
	void distinguishesCursorsOneMicrosecondApart() {
		Instant time = Instant.parse("2026-11-25T10:00:00.000001Z");
		Cursor first = new Cursor(time, ID);
		Cursor second = new Cursor(time.plusNanos(1_000), ID);

		assertThat(first.encode()).isNotEqualTo(second.encode());
		assertThat(Cursor.decode(second.encode()).createdAt()).isEqualTo(time.plusNanos(1_000));
	}

	@Test
	void encodesAsUrlSafeBase64WithoutPadding() {
		for (int i = 0; i < 200; i++) {
			Cursor cursor = new Cursor(Instant.parse("2026-01-01T00:00:00Z").plusNanos(i * 7_919_000L),
					UUID.randomUUID());

			assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
			assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage!", "not base64 at all", "a", "abc=def", "////", "++++", "====" })
	void rejectsTokensThatAreNotBase64(String token) {
		assertThatExceptionOfType(Cursor.InvalidCursorException.class).isThrownBy(() -> Cursor.decode(token));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "~", "hello", "abc", "~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d", "abc~", "abc~not-a-uuid",
			"abc~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6", "abc~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d~x",
			"a!c~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d", "zzzzzzzzzzzzzzzzzzzzz~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d",
			"1.5~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d", " 12~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d",
			"12~0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d " })
	void rejectsBase64OfTheWrongShape(String plain) {
		String token = base64(plain);

		assertThatExceptionOfType(Cursor.InvalidCursorException.class).isThrownBy(() -> Cursor.decode(token));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0B6F3C1E-8D2A-4F5B-9C7D-1E2F3A4B5C6D", "1-1-1-1-1", "0b6f3c1e8d2a4f5b9c7d1e2f3a4b5c6d",
			"{0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d}", "0b6f3c1e8-d2a-4f5b-9c7d-1e2f3a4b5c6d" })
	void rejectsUuidsInNonCanonicalForm(String uuid) {
		String token = base64("abc~" + uuid);

		assertThatExceptionOfType(Cursor.InvalidCursorException.class).isThrownBy(() -> Cursor.decode(token));
	}

	@Test
	void acceptsTheCanonicalFormOfAHandMadeToken() {
		Cursor cursor = Cursor.decode(base64(Long.toString(1_000_001L, 36) + "~" + ID));

		assertThat(cursor).isEqualTo(new Cursor(Instant.parse("1970-01-01T00:00:01.000001Z"), ID));
	}

	@Test
	void rejectsBytesThatAreNotAscii() {
		String token = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("äbc~" + ID).getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(Cursor.InvalidCursorException.class).isThrownBy(() -> Cursor.decode(token));
	}

	@Test
	void rejectsATokenWhoseTimeOverflows() {
		String token = base64("1y2p0ij32e8e8~" + ID);

		assertThatExceptionOfType(Cursor.InvalidCursorException.class).isThrownBy(() -> Cursor.decode(token));
	}

	private static String base64(String plain) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

}
