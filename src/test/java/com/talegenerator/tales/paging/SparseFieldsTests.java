package com.talegenerator.tales.paging;

import com.talegenerator.tales.web.problem.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SparseFieldsTests {

	private static final SparseFields FIELDS = SparseFields.of(Item.class, "thing");

	@Test
	void namesAreTheRecordsComponentsInOrder() {
		assertThat(FIELDS.names()).containsExactly("id", "title", "createdAt");
	}

	@Test
	void noParameterMeansEveryField() {
		assertThat(FIELDS.select(null)).isEmpty();
	}

	@Test
	void selectsInTheResourcesOrderOnceEachIgnoringBlanksAroundNames() {
		assertThat(FIELDS.select("createdAt, id ,createdAt")).containsExactly("id", "createdAt");
	}

	@Test
	void refusesUnknownNamesListingTheKnownOnes() {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> FIELDS.select("id,content"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("fields"))
			.withMessage("unknown field 'content'; a thing has id, title, createdAt");
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> FIELDS.select("Title"));
	}

	@Test
	void refusesEmptyNames() {
		for (String fields : List.of("", " ", "id,", ",id", "id,,title")) {
			assertThatExceptionOfType(InvalidFieldException.class).as(fields)
				.isThrownBy(() -> FIELDS.select(fields))
				.withMessageContaining("separated by commas");
		}
	}

	@Test
	void echoesAtMostTheStartOfALongUnknownName() {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> FIELDS.select("x".repeat(10_000)))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

	record Item(UUID id, String title, Instant createdAt) {
	}

}
