package com.talegenerator.tales.stats;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads every figure of {@link Stats} in one statement, so they are consistent with each
 * other and cost one round trip.
 */
@Repository
class StatsRepository {

	private static final String STATS = """
			SELECT (SELECT count(*) FROM tales.children) AS children,
			       (SELECT count(*) FROM tales.heroes) AS heroes,
			       s.stories, s.rated_stories, s.average_rating,
			       (SELECT coalesce(json_object_agg(language, n ORDER BY language), '{}')::text
			          FROM (SELECT language, count(*) AS n FROM tales.stories GROUP BY language) l) AS by_language
			  FROM (SELECT count(*) AS stories, count(rating) AS rated_stories,
			               round(avg(rating), 2) AS average_rating
			          FROM tales.stories) s
			""";

	private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	StatsRepository(JdbcClient jdbc, JsonMapper jsonMapper) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
	}

	Stats read() {
		return this.jdbc.sql(STATS)
			.query((rs, row) -> new Stats(rs.getLong("children"), rs.getLong("heroes"), rs.getLong("stories"),
					rs.getLong("rated_stories"), rs.getBigDecimal("average_rating"),
					byLanguage(rs.getString("by_language"))))
			.single();
	}

	private Map<String, Long> byLanguage(String json) {
		return this.jsonMapper.readValue(json, COUNTS);
	}

}
