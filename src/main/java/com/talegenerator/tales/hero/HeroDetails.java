package com.talegenerator.tales.hero;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The editable fields of a hero: the body of {@code POST} and {@code PUT /heroes}. The
 * server-set fields of a response ({@code id}, {@code createdAt}, {@code updatedAt}) are
 * ignored, so a client may send back what it read.
 *
 * @param name 1 to 100 characters, not blank
 * @param gender 1 to 32 characters, not blank
 * @param appearance 1 to 2000 characters, not blank
 * @param personalityTraits at most 50, each 1 to 100 characters; missing means none
 * @param interests at most 50, each 1 to 100 characters; missing means none
 * @param strengths at most 50, each 1 to 100 characters; missing means none
 * @param language an ISO 639-1 code; missing means {@value #DEFAULT_LANGUAGE}
 */
@Schema(name = "HeroRequest", description = "A hero's editable fields")
@JsonIgnoreProperties({ "id", "portraitUrl", "createdAt", "updatedAt" })
record HeroDetails(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 32) String gender,
		@NotBlank @Size(max = 2000) String appearance,
		@Size(max = 50) @Nullable List<@NotNull @Size(min = 1, max = 100) String> personalityTraits,
		@Size(max = 50) @Nullable List<@NotNull @Size(min = 1, max = 100) String> interests,
		@Size(max = 50) @Nullable List<@NotNull @Size(min = 1, max = 100) String> strengths,
		@Schema(defaultValue = DEFAULT_LANGUAGE) @Pattern(regexp = LANGUAGE_PATTERN) @Nullable String language) {

	static final String DEFAULT_LANGUAGE = "en";

	/** An ISO 639-1 code: two lower-case letters. */
	static final String LANGUAGE_PATTERN = "^[a-z]{2}$";

	List<String> personalityTraitsOrEmpty() {
		return orEmpty(this.personalityTraits);
	}

	List<String> interestsOrEmpty() {
		return orEmpty(this.interests);
	}

	List<String> strengthsOrEmpty() {
		return orEmpty(this.strengths);
	}

	String languageOrDefault() {
		return (this.language != null) ? this.language : DEFAULT_LANGUAGE;
	}

	private static List<String> orEmpty(@Nullable List<String> values) {
		return (values != null) ? List.copyOf(values) : List.of();
	}

}
