package com.talegenerator.tales.web.json;

import com.talegenerator.tales.settings.InvalidSettingException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jackson.autoconfigure.JacksonProperties;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code tales.http.max-json-depth} and {@code max-json-string-length} reach the JSON
 * factory, and Boot's {@code spring.jackson.factory.constraints.read.*} still decide the
 * rest. (The application's own mapper is covered over HTTP by the integration tests.)
 */
class JsonReadLimitsTests {

	@Test
	void appliesTheConfiguredDepthAndStringLength() {
		JsonMapper mapper = mapper(new RequestLimits(DataSize.ofKilobytes(1), 3, 5), new JacksonProperties());

		assertThatNoException().isThrownBy(() -> mapper.readTree("[[[\"12345\"]]]"));
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> mapper.readTree("[[[[1]]]]"));
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> mapper.readTree("\"123456\""));
	}

	@Test
	void keepsBootsOtherReadConstraints() {
		JacksonProperties jackson = new JacksonProperties();
		jackson.getFactory().getConstraints().getRead().setMaxNumberLength(5);
		JsonMapper mapper = mapper(new RequestLimits(DataSize.ofKilobytes(1), 10, 10), jackson);

		assertThatNoException().isThrownBy(() -> mapper.readTree("12345"));
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> mapper.readTree("123456"));
	}

	@Test
	void refusesLimitsThatCannotWork() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new RequestLimits(DataSize.ofKilobytes(1), 0, 10))
			.withMessageContaining("tales.http.max-json-depth");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new RequestLimits(DataSize.ofKilobytes(1), 10, -1))
			.withMessageContaining("tales.http.max-json-string-length");
	}

	@Test
	void runsAfterBootsOwnFactoryCustomizer() {
		assertThat(new JsonConfiguration.JsonReadLimits(new RequestLimits(DataSize.ofKilobytes(1), 1, 1),
				new JacksonProperties().getFactory().getConstraints().getRead())
			.getOrder()).isEqualTo(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
	}

	private static JsonMapper mapper(RequestLimits limits, JacksonProperties jackson) {
		JsonFactoryBuilder builder = JsonFactory.builder();
		new JsonConfiguration().jsonReadLimits(limits, jackson).customize(builder);
		return JsonMapper.builder(builder.build()).build();
	}

}
