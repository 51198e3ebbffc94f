package com.talegenerator.tales.hero;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.storage.MediaLinks;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A hero as the API shows it.
 *
 * @param id the hero's id
 * @param name the hero's name
 * @param gender free text
 * @param appearance how the hero looks
 * @param personalityTraits what the hero is like
 * @param interests what the hero likes
 * @param strengths what the hero is good at
 * @param language ISO 639-1 code
 * @param portraitUrl where its portrait is: a signed URL, or the public one with public
 * media access; {@code null} when it has none (or it could not be signed just now)
 * @param createdAt when the hero was created
 * @param updatedAt when it last changed
 */
@Schema(name = "Hero", description = "A story hero")
record HeroResponse(UUID id, String name, String gender, String appearance, List<String> personalityTraits,
		List<String> interests, List<String> strengths, String language, @Nullable String portraitUrl,
		Instant createdAt, Instant updatedAt) {

	/** The hero, its portrait's URL as {@code links} show it. */
	static HeroResponse of(Hero hero, MediaLinks.Links links) {
		return new HeroResponse(hero.id(), hero.name(), hero.gender(), hero.appearance(), hero.personalityTraits(),
				hero.interests(), hero.strengths(), hero.language(), links.link(hero.portraitUrl()), hero.createdAt(),
				hero.updatedAt());
	}

}
