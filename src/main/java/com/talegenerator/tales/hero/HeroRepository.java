package com.talegenerator.tales.hero;

import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Heroes in {@code tales.heroes}. Lists go through the shared keyset pager.
 */
interface HeroRepository extends ListCrudRepository<Hero, UUID> {

	/** Deletes the hero and says whether it existed, in one statement. */
	@Modifying
	@Query("DELETE FROM tales.heroes WHERE id = :id")
	boolean deleteIfExists(UUID id);

}
