package com.talegenerator.tales.child;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** A family's children, for its export and its erasure. */
@Component
public class ChildFamily {

	private final ChildRepository children;

	ChildFamily(ChildRepository children) {
		this.children = children;
	}

	/** The family's children as the API shows them, oldest first. */
	public List<?> export(UUID owner) {
		return this.children.findAllOwnedBy(owner).stream().map(ChildResponse::of).toList();
	}

	/**
	 * Deletes every child of the family, in the caller's transaction; their stories go
	 * first ({@code StoryFamily}), or they would only lose their {@code childId}.
	 * @return how many there were
	 */
	public int erase(UUID owner) {
		return this.children.deleteAllOwnedBy(owner);
	}

}
