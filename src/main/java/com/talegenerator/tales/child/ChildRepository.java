package com.talegenerator.tales.child;

import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Children in {@code tales.children}. Lists go through the shared keyset pager.
 */
interface ChildRepository extends ListCrudRepository<Child, UUID> {

	/** Deletes the child and says whether it existed, in one statement. */
	@Modifying
	@Query("DELETE FROM tales.children WHERE id = :id")
	boolean deleteIfExists(UUID id);

}
