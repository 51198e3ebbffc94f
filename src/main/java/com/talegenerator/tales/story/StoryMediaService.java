package com.talegenerator.tales.story;

import java.time.ZoneOffset;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.database.Timestamps;
import com.talegenerator.tales.media.MediaFiles;
import com.talegenerator.tales.media.MediaUpload;
import com.talegenerator.tales.storage.SafeFileName;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.web.problem.InvalidFieldException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * A story's files: its narration and its thumbnail, kept under {@code stories/{id}/}
 * ({@link MediaFiles} keeps the story and its files in step). Each change locks the
 * story's row while it points the story at the new file, and checks {@code If-Match}
 * there again: of two uploads holding the same version, one wins.
 */
@Service
class StoryMediaService {

	static final String DEFAULT_AUDIO_NAME = "story.mp3";

	private static final String THUMBNAIL_NAME = "thumbnail";

	private final StoryRepository stories;

	private final MediaFiles files;

	private final CurrentCaller caller;

	StoryMediaService(StoryRepository stories, MediaFiles files, CurrentCaller caller) {
		this.stories = stories;
		this.files = files;
		this.caller = caller;
	}

	/** Stored files of a story live under this folder; deleting the story empties it. */
	static String folder(UUID storyId) {
		return "stories/" + storyId;
	}

	/**
	 * Stores the audio under the client's file name (made safe) and points the story at
	 * it, with how it was made.
	 * @throws StoryNotFoundException if the caller has no such story
	 */
	Story attachAudio(UUID storyId, IfMatch ifMatch, MediaUpload upload, @Nullable String fileName,
			@Nullable String provider, @Nullable String metadata) {
		Caller caller = this.caller.get();
		Story before = visible(storyId, caller);
		// a stale version fails before the file travels; the check on the locked row is
		// the one that counts
		ifMatch.check(before.updatedAt());
		if (metadata != null) {
			checkStorable(metadata);
		}
		return this.files.store(folder(storyId), SafeFileName.of(fileName, DEFAULT_AUDIO_NAME), upload, (url) -> {
			Story current = locked(storyId, caller, ifMatch);
			Story after = this.stories
				.attachAudio(storyId, url.toString(), provider, metadata, Timestamps.now().atOffset(ZoneOffset.UTC))
				.orElseThrow(() -> new StoryNotFoundException(storyId));
			return new MediaFiles.Attached<>(current.audioFileUrl(), after);
		});
	}

	/**
	 * Stores the thumbnail as {@code thumbnail.{png|jpg|webp}} and points the story at
	 * it; a thumbnail of another format is removed.
	 */
	Story attachThumbnail(UUID storyId, IfMatch ifMatch, MediaUpload upload) {
		Caller caller = this.caller.get();
		Story before = visible(storyId, caller);
		ifMatch.check(before.updatedAt());
		return this.files.store(folder(storyId), THUMBNAIL_NAME + "." + upload.format().extension(), upload, (url) -> {
			Story current = locked(storyId, caller, ifMatch);
			return new MediaFiles.Attached<>(current.thumbnailUrl(), setThumbnail(storyId, url.toString()));
		});
	}

	/**
	 * Removes the story's thumbnail.
	 * @throws ThumbnailNotFoundException if it has none
	 */
	Story removeThumbnail(UUID storyId, IfMatch ifMatch) {
		Caller caller = this.caller.get();
		return this.files.remove(folder(storyId), () -> {
			Story current = locked(storyId, caller, ifMatch);
			if (current.thumbnailUrl() == null) {
				throw new ThumbnailNotFoundException(storyId);
			}
			return new MediaFiles.Attached<>(current.thumbnailUrl(), setThumbnail(storyId, null));
		});
	}

	private Story setThumbnail(UUID storyId, @Nullable String url) {
		return this.stories.setThumbnail(storyId, url, Timestamps.now().atOffset(ZoneOffset.UTC))
			.orElseThrow(() -> new StoryNotFoundException(storyId));
	}

	private Story visible(UUID storyId, Caller caller) {
		return this.stories.findById(storyId, caller.scope()).orElseThrow(() -> new StoryNotFoundException(storyId));
	}

	/** The story, its row locked for this transaction, and the precondition checked. */
	private Story locked(UUID storyId, Caller caller, IfMatch ifMatch) {
		Story current = this.stories.findByIdForUpdate(storyId)
			.filter((story) -> caller.canSee(story.userId()))
			.orElseThrow(() -> new StoryNotFoundException(storyId));
		ifMatch.check(current.updatedAt());
		return current;
	}

	/**
	 * Refuses metadata that jsonb cannot hold before the file travels: a refusal after
	 * storing would already have replaced the bytes of a file of the same name.
	 */
	private void checkStorable(String metadata) {
		try {
			this.stories.readsAsJsonb(metadata);
		}
		catch (DataIntegrityViolationException ex) {
			// the statement's only value is the metadata: it is what PostgreSQL refused
			throw new InvalidFieldException("metadata",
					"cannot be stored: it must not contain NUL characters, and its numbers must be "
							+ "within the database's range");
		}
	}

}
