package com.talegenerator.tales.stats;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /stats}.
 *
 * @param children how many children
 * @param heroes how many heroes
 * @param stories how many stories
 * @param ratedStories how many stories have a rating
 * @param averageRating their average rating, to two decimals; {@code null} when none is
 * rated
 * @param storiesByLanguage how many stories per language code, codes in alphabetical
 * order
 */
record Stats(long children, long heroes, long stories, long ratedStories, @Nullable BigDecimal averageRating,
		Map<String, Long> storiesByLanguage) {
}
