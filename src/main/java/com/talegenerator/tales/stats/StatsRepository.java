package com.talegenerator.tales.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

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

	/** Counts of the caller's rows ({@code :owner}; {@code null}: every row). */
	private static final String STATS = """
			SELECT (SELECT count(*) FROM tales.children WHERE %1$s) AS children,
			       (SELECT count(*) FROM tales.heroes WHERE %1$s OR user_id IS NULL) AS heroes,
			       s.stories, s.rated_stories, s.average_rating,
			       (SELECT coalesce(json_object_agg(language, n ORDER BY language), '{}')::text
			          FROM (SELECT language, count(*) AS n FROM tales.stories WHERE %1$s GROUP BY language) l)
			         AS by_language
			  FROM (SELECT count(*) AS stories, count(rating) AS rated_stories,
			               round(avg(rating), 2) AS average_rating
			          FROM tales.stories WHERE %1$s) s
			""".formatted("(CAST(:owner AS uuid) IS NULL OR user_id = :owner)");

	private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	StatsRepository(JdbcClient jdbc, JsonMapper jsonMapper) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The figures over the rows of {@code owner}, or over every row when it is
	 * {@code null}.
	 */
	Stats read(@Nullable UUID owner) {
		return this.jdbc.sql(STATS)
			.param("owner", owner, java.sql.Types.OTHER)
			.query((rs, row) -> new Stats(rs.getLong("children"), rs.getLong("heroes"), rs.getLong("stories"),
					rs.getLong("rated_stories"), rs.getBigDecimal("average_rating"),
					byLanguage(rs.getString("by_language"))))
			.single();
	}

	private Map<String, Long> byLanguage(String json) {
		return this.jsonMapper.readValue(json, COUNTS);
	}

}
