package com.talegenerator.tales.story;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.talegenerator.tales.child.ChildDetails;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /stories}. The child is named by {@code childId} (an existing
 * child), by {@code child} (a new one, created with the story) or not at all; the
 * snapshot fields, when sent, win over the child's own. Server-set fields of a response
 * are ignored.
 *
 * @param title 1 to 500 characters
 * @param content the text, not blank, at most 200,000 characters
 * @param moral not blank
 * @param childId an existing child (422 if unknown)
 * @param child a new child to create with the story
 * @param childName snapshot: the child's name
 * @param childAge snapshot: 0 to 18
 * @param childGender snapshot: the child's gender
 * @param childInterests snapshot: at most 50 interests
 * @param modelUsed the model that wrote the story
 * @param fullResponse any JSON, kept as sent
 * @param generationInfo any JSON, kept as sent
 * @param language ISO 639-1 code, default {@code en}
 * @param storyLength 0 or more
 * @param rating 1 to 10
 */
@Schema(description = "A story to store, and the child it was written for")
@JsonIgnoreProperties({ "id", "createdAt", "updatedAt", "audioFileUrl", "audioProvider", "audioGenerationMetadata",
		"thumbnailUrl" })
record StoryRequest(@NotBlank @Size(max = 500) String title, @NotBlank @Size(max = 200_000) String content,
		@NotBlank @Size(max = 10_000) String moral, @Nullable UUID childId, @Valid @Nullable ChildDetails child,
		@Size(min = 1, max = 100) @Nullable String childName, @Min(0) @Max(18) @Nullable Integer childAge,
		@Size(min = 1, max = 32) @Nullable String childGender,
		@Size(max = 50) @Nullable List<@NotNull @Size(min = 1, max = 100) String> childInterests,
		@Size(max = 200) @Nullable String modelUsed, @Nullable JsonNode fullResponse, @Nullable JsonNode generationInfo,
		@Schema(defaultValue = DEFAULT_LANGUAGE) @Pattern(regexp = "^[a-z]{2}$",
				message = "must be an ISO 639-1 code such as en") @Nullable String language,
		@Min(0) @Nullable Integer storyLength, @Min(1) @Max(10) @Nullable Integer rating) {

	static final String DEFAULT_LANGUAGE = "en";

}
