package com.talegenerator.tales.story;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Stories in {@code tales.stories}. Lists go through the shared keyset pager.
 */
interface StoryRepository extends ListCrudRepository<Story, UUID> {

	/**
	 * Sets the rating and returns the updated story in one round trip; empty if unknown.
	 */
	@Query("UPDATE tales.stories SET rating = :rating, updated_at = :now WHERE id = :id RETURNING *")
	Optional<Story> rate(UUID id, int rating, OffsetDateTime now);

	/** Deletes the story and says whether it existed, in one statement. */
	@Modifying
	@Query("DELETE FROM tales.stories WHERE id = :id")
	boolean deleteIfExists(UUID id);

}
