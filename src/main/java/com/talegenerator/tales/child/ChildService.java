package com.talegenerator.tales.child;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.database.Timestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Children's profiles: creating, reading, listing, replacing and deleting them.
 */
@Service
public class ChildService {

	private final ChildRepository children;

	private final CurrentCaller caller;

	ChildService(ChildRepository children, CurrentCaller caller) {
		this.children = children;
		this.caller = caller;
	}

	/**
	 * Creates a child; joins the caller's transaction, so a new story's child is rolled
	 * back with it.
	 */
	@Transactional
	public Child create(ChildDetails details) {
		return this.children.save(Child.create(details, this.caller.get().owner(), Timestamps.now()));
	}

	/** The child with this id, if there is one and the caller may see it. */
	public Optional<Child> findById(UUID id) {
		Caller caller = this.caller.get();
		return this.children.findById(id).filter((child) -> caller.canSee(child.userId()));
	}

	/**
	 * The child with this id.
	 * @throws com.talegenerator.tales.web.problem.NotFoundException if there is none
	 */
	public Child get(UUID id) {
		return findById(id).orElseThrow(() -> new ChildNotFoundException(id));
	}

	/** Children newest first, optionally only those with exactly this name. */
	KeysetPage<Child> list(@Nullable String name, PageQuery page) {
		return this.children.page(conditions(name), page);
	}

	/**
	 * Like {@link #list(String, PageQuery)}, each child reduced to the given fields.
	 */
	KeysetPage<Map<String, Object>> list(@Nullable String name, PageQuery page, List<String> fields) {
		return this.children.page(conditions(name), page, fields);
	}

	private List<ListFilter> conditions(@Nullable String name) {
		return ListFilter.where().equal("userId", this.caller.get().scope()).equal("name", name).build();
	}

	/**
	 * Replaces the editable fields if {@code ifMatch} holds for the current version,
	 * checked on the locked row: of two editors holding the same version, one wins.
	 */
	@Transactional
	Child replace(UUID id, IfMatch ifMatch, ChildDetails details) {
		Child current = lock(id);
		ifMatch.check(current.updatedAt());
		return this.children.update(current.replace(details, Timestamps.now()));
	}

	/**
	 * Deletes the child; its stories stay, keep their snapshot and lose their
	 * {@code childId}.
	 */
	@Transactional
	void delete(UUID id, IfMatch ifMatch) {
		if (ifMatch.present()) {
			ifMatch.check(lock(id).updatedAt());
		}
		if (!this.children.deleteIfExists(id, this.caller.get().scope())) {
			throw new ChildNotFoundException(id);
		}
	}

	/**
	 * The child, locked for this transaction's write; another caller's answers 404 before
	 * any precondition is looked at.
	 */
	private Child lock(UUID id) {
		Caller caller = this.caller.get();
		return this.children.findByIdForUpdate(id)
			.filter((child) -> caller.canSee(child.userId()))
			.orElseThrow(() -> new ChildNotFoundException(id));
	}

}
