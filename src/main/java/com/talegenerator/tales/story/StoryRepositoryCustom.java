package com.talegenerator.tales.story;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;
import org.jspecify.annotations.Nullable;

/**
 * The statements of {@link StoryRepository} written by hand, for the hot paths: an app
 * opening at bedtime reads a list and then a story, and the generator stores one story
 * after another, so each is one statement in autocommit, read by {@link StoryRowMapper}.
 */
interface StoryRepositoryCustom {

	/**
	 * Stores a new story (in the caller's transaction, if there is one).
	 * @return the story with the id the database gave it
	 */
	Story insert(Story story);

	/**
	 * The story, if it exists and, with an owner, belongs to that owner ({@code null}:
	 * any story); the owner is checked in the statement.
	 */
	Optional<Story> findById(UUID id, @Nullable UUID owner);

	/** A page of the stories that match every filter, newest first. */
	KeysetPage<Story> page(List<ListFilter> filters, PageQuery page);

	/**
	 * Like {@link #page(List, PageQuery)}, but each story projected onto the given
	 * fields, and only their columns read: a list of titles does not fetch every story's
	 * text. A projection, not a {@link Story}, because the other fields are not there.
	 */
	KeysetPage<Map<String, Object>> page(List<ListFilter> filters, PageQuery page, List<String> fields);

}
