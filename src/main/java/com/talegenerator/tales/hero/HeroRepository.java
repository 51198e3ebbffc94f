package com.talegenerator.tales.hero;

import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.database.AutocommitRead;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Heroes in {@code tales.heroes}. Lists go through the shared keyset pager.
 */
interface HeroRepository extends ListCrudRepository<Hero, UUID> {

	/**
	 * The row with this id, read in autocommit: Spring Data's own {@code findById} would
	 * open a read-only transaction, a second round trip for its COMMIT.
	 */
	@Override
	@AutocommitRead
	Optional<Hero> findById(UUID id);

	/**
	 * The hero, its row locked until the transaction ends: the version a write checks and
	 * stamps after stays the current one until the write commits.
	 */
	@Query("SELECT * FROM tales.heroes WHERE id = :id FOR UPDATE")
	Optional<Hero> findByIdForUpdate(UUID id);

	/**
	 * Deletes the hero and says whether it existed, in one statement; with an owner, only
	 * that owner's hero ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.heroes WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

}
