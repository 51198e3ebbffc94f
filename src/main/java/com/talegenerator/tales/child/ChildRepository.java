package com.talegenerator.tales.child;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Children in {@code tales.children}. Lists go through the shared keyset pager.
 */
interface ChildRepository extends ListCrudRepository<Child, UUID> {

	/**
	 * Deletes the child and says whether it existed, in one statement; with an owner,
	 * only that owner's child ({@code null}: any).
	 */
	@Modifying
	@Query("DELETE FROM tales.children WHERE id = :id AND (CAST(:owner AS uuid) IS NULL OR user_id = :owner)")
	boolean deleteIfExists(UUID id, @Nullable UUID owner);

}
