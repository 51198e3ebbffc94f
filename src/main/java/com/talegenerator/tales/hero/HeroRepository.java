package com.talegenerator.tales.hero;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Heroes in {@code tales.heroes}. Lists go through the shared keyset pager.
 */
interface HeroRepository extends ListCrudRepository<Hero, UUID> {

	/**
	 * Deletes the hero and says whether it existed, in one statement; with an owner, only
	 * that owner's hero ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.heroes WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

}
