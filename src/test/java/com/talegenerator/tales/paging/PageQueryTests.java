package com.talegenerator.tales.paging;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageQueryTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 50, 499, 500 })
	void acceptsLimitsFromOneToTheMaximum(int limit) {
		assertThat(new PageQuery(null, limit).limit()).isEqualTo(limit);
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MIN_VALUE, -1, 0, 501, Integer.MAX_VALUE })
	void rejectsLimitsOutsideOneToTheMaximum(int limit) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageQuery(null, limit)).withMessageContaining("500");
	}

	@Test
	void hasTheDocumentedDefaultAndMaximum() {
		assertThat(PageQuery.DEFAULT_LIMIT).isEqualTo(50);
		assertThat(PageQuery.MAX_LIMIT).isEqualTo(500);
	}

	@Test
	void startsAtTheFirstPageWithoutACursor() {
		assertThat(PageQuery.of(null, 10).after()).isNull();
		assertThat(PageQuery.of("", 10).after()).isNull();
	}

	@Test
	void readsTheCursorOfTheNextPage() {
		Cursor cursor = new Cursor(Instant.parse("2026-11-25T10:00:00.654321Z"), UUID.randomUUID());

		PageQuery page = PageQuery.of(cursor.encode(), 20);

		assertThat(page.after()).isEqualTo(cursor);
		assertThat(page.limit()).isEqualTo(20);
	}

	@Test
	void rejectsACursorItDidNotMake() {
		assertThatExceptionOfType(Cursor.InvalidCursorException.class)
			.isThrownBy(() -> PageQuery.of("not-a-cursor", 10));
	}

	@Test
	void checksTheLimitEvenWithAValidCursor() {
		String token = new Cursor(Instant.now(), UUID.randomUUID()).encode();

		assertThatIllegalArgumentException().isThrownBy(() -> PageQuery.of(token, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> PageQuery.of(token, 501));
	}

}
