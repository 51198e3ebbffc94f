package com.talegenerator.tales.story;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.web.json.Utf8Text;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A story as the API shows it; every field is present, unset ones as {@code null}.
 *
 * @param id the story's id
 * @param title its title
 * @param content its text, kept in UTF-8 from the database to the response
 * @param moral its moral
 * @param childId the child's profile, if any
 * @param childName snapshot of the child's name
 * @param childAge snapshot of the child's age
 * @param childGender snapshot of the child's gender
 * @param childInterests snapshot of the child's interests
 * @param modelUsed the model that wrote it
 * @param fullResponse the model's answer, as sent
 * @param generationInfo how it was generated, as sent
 * @param language ISO 639-1 code
 * @param storyLength its length
 * @param rating 1 to 10, or {@code null}
 * @param audioFileUrl where its narration is: a signed URL, or the public one with public
 * media access; {@code null} when it has none (or it could not be signed just now)
 * @param audioProvider the voice service of the narration
 * @param audioGenerationMetadata how the narration was made
 * @param thumbnailUrl where its thumbnail is, as for {@code audioFileUrl}
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 */
@Schema(name = "Story", description = "A generated story, with a snapshot of the child it was written for")
record StoryResponse(UUID id, String title, Utf8Text content, String moral, @Nullable UUID childId,
		@Nullable String childName, @Nullable Integer childAge, @Nullable String childGender,
		@Nullable List<String> childInterests, @Nullable String modelUsed, @Nullable JsonNode fullResponse,
		@Nullable JsonNode generationInfo, String language, @Nullable Integer storyLength, @Nullable Integer rating,
		@Nullable String audioFileUrl, @Nullable String audioProvider, @Nullable JsonNode audioGenerationMetadata,
		@Nullable String thumbnailUrl, Instant createdAt, Instant updatedAt) {

	/** The story, its media URLs as {@code links} show them. */
	static StoryResponse of(Story story, MediaLinks.Links links) {
		return new StoryResponse(story.id(), story.title(), story.content(), story.moral(),
				(story.childId() != null) ? story.childId().getId() : null, story.childName(), story.childAge(),
				story.childGender(), story.childInterests(), story.modelUsed(), story.fullResponse(),
				story.generationInfo(), story.language(), story.storyLength(), story.rating(),
				links.link(story.audioFileUrl()), story.audioProvider(), story.audioGenerationMetadata(),
				links.link(story.thumbnailUrl()), story.createdAt(), story.updatedAt());
	}

}
