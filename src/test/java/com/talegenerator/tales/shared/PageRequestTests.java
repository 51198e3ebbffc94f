package com.talegenerator.tales.shared;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageRequestTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 50, 499, 500 })
	void acceptsLimitsFromOneToTheMaximum(int limit) {
		assertThat(new PageRequest(null, limit).limit()).isEqualTo(limit);
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MIN_VALUE, -1, 0, 501, Integer.MAX_VALUE })
	void rejectsLimitsOutsideOneToTheMaximum(int limit) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageRequest(null, limit))
			.withMessageContaining("500");
	}

	@Test
	void hasTheDocumentedDefaultAndMaximum() {
		assertThat(PageRequest.DEFAULT_LIMIT).isEqualTo(50);
		assertThat(PageRequest.MAX_LIMIT).isEqualTo(500);
	}

	@Test
	void startsAtTheFirstPageWithoutACursor() {
		assertThat(PageRequest.of(null, 10).after()).isNull();
		assertThat(PageRequest.of("", 10).after()).isNull();
	}

	@Test
	void readsTheCursorOfTheNextPage() {
		Cursor cursor = new Cursor(Instant.parse("2026-11-25T10:00:00.654321Z"), UUID.randomUUID());

		PageRequest page = PageRequest.of(cursor.encode(), 20);

		assertThat(page.after()).isEqualTo(cursor);
		assertThat(page.limit()).isEqualTo(20);
	}

	@Test
	void rejectsACursorItDidNotMake() {
		assertThatExceptionOfType(Cursor.InvalidCursorException.class)
			.isThrownBy(() -> PageRequest.of("not-a-cursor", 10));
	}

	@Test
	void checksTheLimitEvenWithAValidCursor() {
		String token = new Cursor(Instant.now(), UUID.randomUUID()).encode();

		assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.of(token, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> PageRequest.of(token, 501));
	}

}
