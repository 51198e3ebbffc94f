package com.talegenerator.tales.child;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A child as the API shows it.
 *
 * @param id the child's id
 * @param name the child's name
 * @param age 0 to 18
 * @param gender as the family describes it
 * @param interests what the child likes
 * @param createdAt when the profile was created
 * @param updatedAt when it last changed
 */
@Schema(name = "Child", description = "A child's profile")
record ChildResponse(UUID id, String name, int age, String gender, List<String> interests, Instant createdAt,
		Instant updatedAt) {

	static ChildResponse of(Child child) {
		return new ChildResponse(child.id(), child.name(), child.age(), child.gender(), child.interests(),
				child.createdAt(), child.updatedAt());
	}

}
