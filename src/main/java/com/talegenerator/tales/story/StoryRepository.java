package com.talegenerator.tales.story;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.database.AutocommitRead;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Stories in {@code tales.stories}: the one way to them. The writes that lock or change a
 * story are declared here; the hot paths (reading, listing, storing a new story) are
 * written out in {@link StoryRepositoryCustom}. Every statement that returns stories
 * reads them with {@link StoryRowMapper}. {@code updated_at} is set to now, and the
 * database's trigger moves it past the stored one when now is not later (V013).
 */
interface StoryRepository extends Repository<Story, UUID>, StoryRepositoryCustom {

	/** The bean every query that returns stories reads them with. */
	String ROW_MAPPER = "storyRowMapper";

	/**
	 * The columns {@link StoryRowMapper} reads; not {@code *}, which would send each
	 * story's search vector (V015) too, as long as its text.
	 */
	String COLUMNS = "id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, "
			+ "child_interests, model_used, full_response, generation_info, language, story_length, rating, "
			+ "audio_file_url, audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at";

	/**
	 * The story, its row locked until the transaction ends: the version a write checks
	 * stays the current one until the write commits, and concurrent audio uploads take
	 * their turns.
	 */
	@Query(value = "SELECT " + COLUMNS + " FROM tales.stories WHERE id = :id FOR UPDATE", rowMapperRef = ROW_MAPPER)
	Optional<Story> findByIdForUpdate(UUID id);

	/**
	 * Sets the rating and returns the updated story in one round trip; empty if unknown
	 * or, with an owner, not that owner's ({@code null}: any).
	 */
	@Query(value = """
			UPDATE tales.stories SET rating = :rating, updated_at = :now
			 WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)
			RETURNING\s""" + COLUMNS, rowMapperRef = ROW_MAPPER)
	Optional<Story> rate(UUID id, int rating, OffsetDateTime now, @Nullable UUID owner);

	/**
	 * Points the story at its stored audio and returns the updated story in one round
	 * trip; empty if the story is gone.
	 */
	@Query(value = """
			UPDATE tales.stories
			   SET audio_file_url = :url, audio_provider = :provider,
			       audio_generation_metadata = CAST(:metadata AS jsonb), updated_at = :now
			 WHERE id = :id
			RETURNING\s""" + COLUMNS, rowMapperRef = ROW_MAPPER)
	Optional<Story> attachAudio(UUID id, String url, @Nullable String provider, @Nullable String metadata,
			OffsetDateTime now);

	/**
	 * Points the story at its stored thumbnail ({@code null}: none) and returns the
	 * updated story in one round trip; empty if the story is gone.
	 */
	@Query(value = """
			UPDATE tales.stories SET thumbnail_url = :url, updated_at = :now
			 WHERE id = :id
			RETURNING\s""" + COLUMNS, rowMapperRef = ROW_MAPPER)
	Optional<Story> setThumbnail(UUID id, @Nullable String url, OffsetDateTime now);

	/**
	 * Has PostgreSQL read the text as jsonb, the way {@link #attachAudio} will store its
	 * metadata, and store nothing. A value jsonb cannot hold fails here with SQLSTATE
	 * class 22 (data exception): a NUL, or a number beyond the range of {@code numeric},
	 * whose exact bounds only the server knows.
	 */
	@AutocommitRead
	@Query("SELECT CAST(:json AS jsonb) IS NOT NULL")
	boolean readsAsJsonb(String json);

	/**
	 * Deletes the story and says whether it existed, in one statement; with an owner,
	 * only that owner's story ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.stories WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

	/** Every story of one family, oldest first (its export). */
	@Query(value = "SELECT " + COLUMNS + " FROM tales.stories WHERE user_id = :owner ORDER BY created_at, id",
			rowMapperRef = ROW_MAPPER)
	List<Story> findAllOwnedBy(UUID owner);

}
