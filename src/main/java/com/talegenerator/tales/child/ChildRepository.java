package com.talegenerator.tales.child;

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
 * Children in {@code tales.children}; lists are keyset pages ({@link KeysetPaging}).
 */
interface ChildRepository extends ListCrudRepository<Child, UUID>, KeysetPaging<Child> {

	/**
	 * The row with this id, read in autocommit: Spring Data's own {@code findById} would
	 * open a read-only transaction, a second round trip for its COMMIT.
	 */
	@Override
	@AutocommitRead
	Optional<Child> findById(UUID id);

	/**
	 * The child, its row locked until the transaction ends: the version a write checks
	 * and stamps after stays the current one until the write commits.
	 */
	@Query("SELECT * FROM tales.children WHERE id = :id FOR UPDATE")
	Optional<Child> findByIdForUpdate(UUID id);

	/**
	 * Stores the child's new values and returns the row as stored: its {@code updated_at}
	 * is the child's, or a microsecond past the stored one when that is not earlier (the
	 * database's trigger, V013), so versions only move forward.
	 */
	default Child update(Child child) {
		return update(child.id(), child.name(), child.age(), child.gender(), child.interests().toArray(String[]::new),
				child.updatedAt().atOffset(ZoneOffset.UTC));
	}

	// an array, not a List: a List would be expanded into a list of parameters
	@Query("""
			UPDATE tales.children SET name = :name, age = :age, gender = :gender, interests = :interests,
			       updated_at = :updatedAt
			 WHERE id = :id
			RETURNING *""")
	Child update(@Nullable UUID id, String name, int age, String gender, String[] interests, OffsetDateTime updatedAt);

	/**
	 * Deletes the child and says whether it existed, in one statement; with an owner,
	 * only that owner's child ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.children WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

	/** Every child of one family, oldest first (its export). */
	@Query("SELECT * FROM tales.children WHERE user_id = :owner ORDER BY created_at, id")
	List<Child> findAllOwnedBy(UUID owner);

	/** Deletes every child of one family (its erasure); how many there were. */
	@Modifying
	@Query("DELETE FROM tales.children WHERE user_id = :owner")
	int deleteAllOwnedBy(UUID owner);

}
