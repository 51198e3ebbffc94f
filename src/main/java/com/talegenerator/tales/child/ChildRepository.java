package com.talegenerator.tales.child;

import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.database.AutocommitRead;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Children in {@code tales.children}. Lists go through the shared keyset pager.
 */
interface ChildRepository extends ListCrudRepository<Child, UUID> {

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
	 * Deletes the child and says whether it existed, in one statement; with an owner,
	 * only that owner's child ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.children WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

}
