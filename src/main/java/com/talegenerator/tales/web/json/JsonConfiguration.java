package com.talegenerator.tales.web.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The API reads JSON strictly, so a client's mistake is a 400 rather than a silently
 * changed value: no {@code 8.5} becoming {@code 8}, no {@code "5"} becoming {@code 5}, no
 * {@code 5} or {@code true} becoming {@code "5"} or {@code "true"}, no unknown or
 * duplicate keys. Arbitrary JSON (a story's {@code fullResponse}…) keeps its numbers
 * exactly, as {@code jsonb} does. Hostile JSON is bounded: nesting depth and string
 * length by {@link RequestLimits}, and text must be Unicode
 * ({@link StrictUnicodeInputDecorator}).
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

	/** Answers handlers that are not controller methods with the converter below. */
	@Bean
	JsonResponseWriter jsonResponseWriter(JsonMapper jsonMapper) {
		return new JsonResponseWriter(jsonMapper);
	}

	/**
	 * Writes JSON as Spring's own converter does, from the same mapper, and gives small
	 * answers a {@code Content-Length}: the writer's instance, so that both routes write
	 * alike. It takes the JSON converter's place among Spring MVC's converters, after
	 * Boot's customizer (order 0) put its own there: as a bean of its own it would come
	 * before the String converter and turn every String body, the OpenAPI description's
	 * among them, into a JSON string.
	 */
	@Bean
	@Order(1)
	ServerHttpMessageConvertersCustomizer sizedJsonHttpMessageConverter(JsonResponseWriter writer) {
		return (converters) -> converters.withJsonConverter(writer.converter());
	}

	/**
	 * The JSON read limits of {@code tales.http}, on the factory that every mapper of the
	 * application (request bodies, the audio upload's metadata) reads with. Going over
	 * one is a {@code StreamConstraintsException}: a 400.
	 */
	@Bean
	JsonReadLimits jsonReadLimits(RequestLimits limits, JacksonProperties jackson) {
		return new JsonReadLimits(limits, jackson.getFactory().getConstraints().getRead());
	}

	/**
	 * Runs after Boot's own factory customizer, which replaces all read constraints with
	 * those of {@code spring.jackson.factory.constraints.read.*}: those still decide the
	 * limits {@code tales.http} does not name (number length, document length…).
	 */
	static final class JsonReadLimits implements JsonFactoryBuilderCustomizer, Ordered {

		private final RequestLimits limits;

		private final JacksonProperties.Factory.Constraints.Read boot;

		JsonReadLimits(RequestLimits limits, JacksonProperties.Factory.Constraints.Read boot) {
			this.limits = limits;
			this.boot = boot;
		}

		@Override
		public void customize(JsonFactoryBuilder builder) {
			builder.streamReadConstraints(StreamReadConstraints.builder()
				.maxDocumentLength(this.boot.getMaxDocumentLength())
				.maxTokenCount(this.boot.getMaxTokenCount())
				.maxNumberLength(this.boot.getMaxNumberLength())
				.maxNameLength(this.boot.getMaxNameLength())
				.maxNestingDepth(this.limits.maxJsonDepth())
				.maxStringLength(this.limits.maxJsonStringLength())
				.build());
			builder.inputDecorator(new StrictUnicodeInputDecorator());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
