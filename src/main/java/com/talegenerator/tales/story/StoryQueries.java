package com.talegenerator.tales.story;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.shared.Filter;
import com.talegenerator.tales.shared.KeysetPager;
import com.talegenerator.tales.shared.PageRequest;
import com.talegenerator.tales.shared.Slice;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.stereotype.Component;

/**
 * The reads of the API: a story, or a page of them, read straight into the representation
 * the API answers with. They are the hot paths (an app opening at bedtime reads a list
 * and then a story), so each is one statement in autocommit, without a transaction or the
 * repository's proxy around it, and the story's text goes from the database's bytes to
 * the response's without becoming a {@link String}.
 */
@Component
class StoryQueries {

	private static final String BY_ID = "SELECT * FROM tales.stories WHERE id = :id";

	private static final String BY_ID_AND_OWNER = BY_ID + " AND user_id = :owner";

	private final NamedParameterJdbcOperations jdbc;

	private final KeysetPager pager;

	private final StoryRowMapper rows;

	StoryQueries(NamedParameterJdbcOperations jdbc, KeysetPager pager, StoryRowMapper rows) {
		this.jdbc = jdbc;
		this.pager = pager;
		this.rows = rows;
	}

	/**
	 * The story, if it exists and, with an owner, belongs to that owner ({@code null}:
	 * any story).
	 */
	Optional<StoryResponse> findById(UUID id, @Nullable UUID owner) {
		List<StoryResponse> found = (owner != null)
				? this.jdbc.query(BY_ID_AND_OWNER, Map.of("id", id, "owner", owner), this.rows.responses())
				: this.jdbc.query(BY_ID, Map.of("id", id), this.rows.responses());
		return found.stream().findFirst();
	}

	/** A page of the stories that match every filter, newest first. */
	Slice<StoryResponse> page(List<Filter> filters, PageRequest page) {
		return this.pager.page(Story.class, this.rows.responses(), filters, page);
	}

	/**
	 * Like {@link #page}, each story reduced to the given fields, only their columns
	 * read.
	 */
	Slice<Map<String, Object>> page(List<Filter> filters, PageRequest page, List<String> fields) {
		return this.pager.page(Story.class, filters, page, fields);
	}

}
