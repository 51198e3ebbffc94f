package com.talegenerator.tales.web.etag;

import com.talegenerator.tales.web.problem.InvalidFieldException;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class IfMatchTests {

	private static final Instant VERSION = Instant.parse("2026-11-25T10:00:00.123456Z");

	private static final String CURRENT = ETags.of(VERSION);

	@Test
	void tagsAVersionByItsEpochMicrosecondsInHex() {
		assertThat(CURRENT).isEqualTo("\"" + Long.toHexString(1_795_600_800_123_456L) + "\"");
		assertThat(ETags.of(VERSION.plusNanos(1_000))).isNotEqualTo(CURRENT);
		assertThat(ETags.of(Instant.EPOCH)).isEqualTo("\"0\"");
	}

	@Test
	void withoutAHeaderEveryVersionPasses() {
		IfMatch none = IfMatch.parse(null);

		assertThat(none.present()).isFalse();
		assertThatNoException().isThrownBy(() -> none.check(VERSION));
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", " * ", "\"1\", CURRENT", "CURRENT", "\"x\",CURRENT", "W/\"1\" , CURRENT ",
			"CURRENT,W/\"1\"" })
	void passesWhenTheHeaderNamesTheCurrentVersionOrIsAWildcard(String header) {
		IfMatch ifMatch = IfMatch.parse(header.replace("CURRENT", CURRENT));

		assertThat(ifMatch.present()).isTrue();
		assertThatNoException().isThrownBy(() -> ifMatch.check(VERSION));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"1\"", "W/CURRENT", "\"1\", W/CURRENT", "\"\"" })
	void failsWith412AndTheCurrentETagOtherwise(String header) {
		IfMatch ifMatch = IfMatch.parse(header.replace("CURRENT", CURRENT));

		assertThatExceptionOfType(PreconditionFailedException.class).isThrownBy(() -> ifMatch.check(VERSION))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(412);
				assertThat(ex.getHeaders().getETag()).isEqualTo(CURRENT);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", ",", "abc", "\"abc", "W/abc", "w/\"abc\"", "*, \"a\"", "\"a\"\"b\"",
			"\"a\" \"b\"", "\"a\" b", "\"a b\"", "\"a\u0001\"" })
	void refusesWhatIsNeitherAWildcardNorAListOfEntityTags(String header) {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> IfMatch.parse(header))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("If-Match"));
	}

}
