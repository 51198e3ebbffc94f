package com.talegenerator.tales.story;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.child.Child;
import com.talegenerator.tales.web.json.Utf8Text;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A generated story, the aggregate behind {@code /stories}. It keeps a snapshot of the
 * child it was written for ({@code childName}…), which outlives the child's profile, and
 * refers to that profile by id only.
 *
 * @param id assigned by the database on insert
 * @param userId the Supabase user the story belongs to; {@code null} for rows of the
 * back-office or from before ownership
 * @param title the story's title
 * @param content the story's text, as the database sent it or the generator wrote it
 * @param moral its moral
 * @param childId the child's profile; {@code null} when written for no known child or
 * after the child was deleted
 * @param childName the child's name when the story was written
 * @param childAge the child's age then
 * @param childGender the child's gender then
 * @param childInterests the child's interests then
 * @param modelUsed the language model that wrote it
 * @param fullResponse the model's whole answer, arbitrary JSON kept as sent
 * @param generationInfo how it was generated, arbitrary JSON kept as sent
 * @param language ISO 639-1 code
 * @param storyLength its length, as the generator measures it
 * @param rating a parent's rating, 1 to 10
 * @param audioFileUrl the URL its narration was stored at, with the narration's version
 * @param audioProvider the voice service that made the narration
 * @param audioGenerationMetadata how the narration was made, arbitrary JSON
 * @param thumbnailUrl the URL its thumbnail was stored at, with the thumbnail's version
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 */
@Table("stories")
public record Story(@Id @Nullable UUID id, @Nullable UUID userId, String title, Utf8Text content, String moral,
		@Nullable AggregateReference<Child, UUID> childId, @Nullable String childName, @Nullable Integer childAge,
		@Nullable String childGender, @Nullable List<String> childInterests, @Nullable String modelUsed,
		@Nullable JsonNode fullResponse, @Nullable JsonNode generationInfo, String language,
		@Nullable Integer storyLength, @Nullable Integer rating, @Nullable String audioFileUrl,
		@Nullable String audioProvider, @Nullable JsonNode audioGenerationMetadata, @Nullable String thumbnailUrl,
		Instant createdAt, Instant updatedAt) {

	/**
	 * A new story. The child snapshot is taken from {@code child} for every snapshot
	 * field the request leaves out.
	 */
	static Story create(StoryRequest request, @Nullable Child child, @Nullable UUID owner, Instant now) {
		return new Story(null, owner, request.title(), Utf8Text.of(request.content()), request.moral(),
				(child != null) ? AggregateReference.to(child.id()) : null,
				firstNonNull(request.childName(), (child != null) ? child.name() : null),
				firstNonNull(request.childAge(), (child != null) ? child.age() : null),
				firstNonNull(request.childGender(), (child != null) ? child.gender() : null),
				firstNonNull(request.childInterests(), (child != null) ? child.interests() : null), request.modelUsed(),
				jsonOrNull(request.fullResponse()), jsonOrNull(request.generationInfo()),
				(request.language() != null) ? request.language() : StoryRequest.DEFAULT_LANGUAGE,
				request.storyLength(), request.rating(), null, null, null, null, now, now);
	}

	/** This story, stored under {@code id}. */
	Story withId(UUID id) {
		return new Story(id, this.userId, this.title, this.content, this.moral, this.childId, this.childName,
				this.childAge, this.childGender, this.childInterests, this.modelUsed, this.fullResponse,
				this.generationInfo, this.language, this.storyLength, this.rating, this.audioFileUrl,
				this.audioProvider, this.audioGenerationMetadata, this.thumbnailUrl, this.createdAt, this.updatedAt);
	}

	private static <T> @Nullable T firstNonNull(@Nullable T sent, @Nullable T fromChild) {
		return (sent != null) ? sent : fromChild;
	}

	/** JSON {@code null} is stored as SQL NULL: "no value", like an absent field. */
	private static @Nullable JsonNode jsonOrNull(@Nullable JsonNode json) {
		return (json == null || json.isNull()) ? null : json;
	}

}
