package com.talegenerator.tales.child;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A child's profile, the aggregate behind {@code /children}. Immutable: a change is a new
 * value that the service saves.
 *
 * @param id assigned by the database on insert ({@code gen_random_uuid()})
 * @param userId the Supabase user the profile belongs to; {@code null} for rows of the
 * back-office or from before ownership
 * @param name the child's name
 * @param age 0 to 18
 * @param gender free text, as the family describes it
 * @param interests what the child likes; stories are written around them
 * @param createdAt when the profile was created
 * @param updatedAt when it last changed
 */
@Table("children")
public record Child(@Id @Nullable UUID id, @Nullable UUID userId, String name, int age, String gender,
		List<String> interests, Instant createdAt, Instant updatedAt) {

	static Child create(ChildDetails details, @Nullable UUID owner, Instant now) {
		return new Child(null, owner, details.name(), details.age(), details.gender(), details.interestsOrEmpty(), now,
				now);
	}

	Child replace(ChildDetails details, Instant now) {
		return new Child(this.id, this.userId, details.name(), details.age(), details.gender(),
				details.interestsOrEmpty(), this.createdAt, now);
	}

}
