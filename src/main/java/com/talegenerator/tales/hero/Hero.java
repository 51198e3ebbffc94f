package com.talegenerator.tales.hero;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A story hero, the aggregate behind {@code /heroes}. Immutable: a change is a new value
 * that the service saves.
 *
 * @param id assigned by the database on insert ({@code gen_random_uuid()})
 * @param userId the Supabase user the hero belongs to; {@code null}: the shared
 * catalogue, which everyone reads and only the back-office changes
 * @param name the hero's name
 * @param gender free text
 * @param appearance how the hero looks, as a story describes it
 * @param personalityTraits what the hero is like
 * @param interests what the hero likes
 * @param strengths what the hero is good at
 * @param language ISO 639-1 code of the language the hero is described in
 * @param portraitUrl the URL its portrait was stored at, with the portrait's version
 * @param createdAt when the hero was created
 * @param updatedAt when it last changed
 */
@Table("heroes")
public record Hero(@Id @Nullable UUID id, @Nullable UUID userId, String name, String gender, String appearance,
		List<String> personalityTraits, List<String> interests, List<String> strengths, String language,
		@Nullable String portraitUrl, Instant createdAt, Instant updatedAt) {

	static Hero create(HeroDetails details, @Nullable UUID owner, Instant now) {
		return new Hero(null, owner, details.name(), details.gender(), details.appearance(),
				details.personalityTraitsOrEmpty(), details.interestsOrEmpty(), details.strengthsOrEmpty(),
				details.languageOrDefault(), null, now, now);
	}

	Hero replace(HeroDetails details, Instant now) {
		return new Hero(this.id, this.userId, details.name(), details.gender(), details.appearance(),
				details.personalityTraitsOrEmpty(), details.interestsOrEmpty(), details.strengthsOrEmpty(),
				details.languageOrDefault(), this.portraitUrl, this.createdAt, now);
	}

}
