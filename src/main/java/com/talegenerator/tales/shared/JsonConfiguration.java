package com.talegenerator.tales.shared;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reads JSON strictly, so a client's mistake is a 400 rather than a silently
 * changed value: no {@code 8.5} becoming {@code 8}, no {@code "5"} becoming {@code 5}, no
 * {@code 5} or {@code true} becoming {@code "5"} or {@code "true"}, no unknown or
 * duplicate keys. Arbitrary JSON (a story's {@code fullResponse}…) keeps its numbers
 * exactly, as {@code jsonb} does.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictApiJson() {
		return (builder) -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			// ALLOW_COERCION_OF_SCALARS leaves String targets alone
			.withCoercionConfig(LogicalType.Textual,
					(strings) -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
