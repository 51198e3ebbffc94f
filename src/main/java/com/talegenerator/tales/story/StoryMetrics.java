package com.talegenerator.tales.story;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The story counters of {@code /metrics}: {@code tales_stories_stored_total} (not
 * {@code _created}, a suffix Prometheus keeps for its own use) and
 * {@code tales_search_requests_total}, registered at start-up so both show from zero.
 */
@Component
class StoryMetrics {

	private final Counter created;

	private final Counter searches;

	StoryMetrics(MeterRegistry meters) {
		this.created = Counter.builder("tales.stories.stored").description("Stories stored").register(meters);
		this.searches = Counter.builder("tales.search.requests")
			.description("Story lists asked for with a search query (q=)")
			.register(meters);
	}

	/** A story was stored. */
	void created() {
		this.created.increment();
	}

	/** A story list was asked for with a search query, {@code q=} (issue 15). */
	void searched() {
		this.searches.increment();
	}

}
