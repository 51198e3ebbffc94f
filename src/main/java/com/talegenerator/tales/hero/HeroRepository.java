package com.talegenerator.tales.hero;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.database.AutocommitRead;
import com.talegenerator.tales.database.KeysetPaging;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Heroes in {@code tales.heroes}; lists are keyset pages ({@link KeysetPaging}).
 */
interface HeroRepository extends ListCrudRepository<Hero, UUID>, KeysetPaging<Hero> {

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
	 * Stores the hero's new values and returns the row as stored: its {@code updated_at}
	 * is the hero's, or a microsecond past the stored one when that is not earlier (the
	 * database's trigger, V013), so versions only move forward.
	 */
	default Hero update(Hero hero) {
		return update(hero.id(), hero.name(), hero.gender(), hero.appearance(),
				hero.personalityTraits().toArray(String[]::new), hero.interests().toArray(String[]::new),
				hero.strengths().toArray(String[]::new), hero.language(), hero.updatedAt().atOffset(ZoneOffset.UTC));
	}

	// arrays, not Lists: a List would be expanded into a list of parameters
	@Query("""
			UPDATE tales.heroes SET name = :name, gender = :gender, appearance = :appearance,
			       personality_traits = :personalityTraits, interests = :interests, strengths = :strengths,
			       language = :language, updated_at = :updatedAt
			 WHERE id = :id
			RETURNING *""")
	Hero update(@Nullable UUID id, String name, String gender, String appearance, String[] personalityTraits,
			String[] interests, String[] strengths, String language, OffsetDateTime updatedAt);

	/**
	 * Points the hero at its stored portrait ({@code null}: none) and returns the row as
	 * stored; empty if the hero is gone.
	 */
	@Query("""
			UPDATE tales.heroes SET portrait_url = :url, updated_at = :now
			 WHERE id = :id
			RETURNING *""")
	Optional<Hero> setPortrait(UUID id, @Nullable String url, OffsetDateTime now);

	/**
	 * Deletes the hero and says whether it existed, in one statement; with an owner, only
	 * that owner's hero ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.heroes WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

	/** Every hero of one family, oldest first (its export); not the shared catalogue. */
	@Query("SELECT * FROM tales.heroes WHERE user_id = :owner ORDER BY created_at, id")
	List<Hero> findAllOwnedBy(UUID owner);

}
