package com.talegenerator.tales.database;

import java.sql.SQLException;
import java.util.List;

import org.postgresql.util.PGobject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.relational.core.mapping.DefaultNamingStrategy;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/**
 * How aggregates meet the {@code tales} schema: tables are schema-qualified (a search
 * path is not reliable behind a transaction pooler), property names become snake_case
 * column names by Spring Data's default strategy, {@code text[]} maps to
 * {@code List<String>} natively, and {@code jsonb} maps to a Jackson tree through the
 * pair of converters below.
 */
@Configuration(proxyBeanMethods = false)
class JdbcConfiguration {

	/** The schema that holds every table of the service. */
	static final String SCHEMA = "tales";

	@Bean
	NamingStrategy talesNamingStrategy() {
		return new DefaultNamingStrategy() {

			@Override
			public String getSchema() {
				return SCHEMA;
			}

		};
	}

	@Bean
	JdbcCustomConversions jdbcCustomConversions(JsonMapper jsonMapper) {
		return JdbcCustomConversions.of(JdbcPostgresDialect.INSTANCE,
				List.of(new JsonNodeToJsonb(jsonMapper), new JsonbToJsonNode(jsonMapper)));
	}

	@WritingConverter
	static final class JsonNodeToJsonb implements Converter<JsonNode, PGobject> {

		private final JsonMapper jsonMapper;

		JsonNodeToJsonb(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		@Override
		public PGobject convert(JsonNode source) {
			PGobject jsonb = new PGobject();
			jsonb.setType("jsonb");
			try {
				jsonb.setValue(this.jsonMapper.writeValueAsString(source));
			}
			catch (SQLException ex) {
				throw new IllegalStateException("PGobject refused a jsonb value", ex);
			}
			return jsonb;
		}

	}

	@ReadingConverter
	static final class JsonbToJsonNode implements Converter<PGobject, JsonNode> {

		private final JsonMapper jsonMapper;

		JsonbToJsonNode(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		@Override
		public JsonNode convert(PGobject source) {
			String value = source.getValue();
			return (value != null) ? this.jsonMapper.readTree(value) : this.jsonMapper.nullNode();
		}

	}

}
