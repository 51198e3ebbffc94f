package com.talegenerator.tales.story;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.shared.Timestamps;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.SafeFileName;
import com.talegenerator.tales.storage.StorageException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * A story's narration: the file goes to object storage, then the story points at it. No
 * database transaction is held while the file travels, and the two never get out of step:
 * if storing fails the story is untouched; if updating the story fails the file is
 * removed, unless it took the place of the story's current file (same name), which the
 * story still points at; a file replaced by a new upload under another name is removed
 * once the story points at the new one.
 */
@Service
public class StoryAudioService {

	private static final Logger log = LoggerFactory.getLogger(StoryAudioService.class);

	static final String DEFAULT_FILE_NAME = "story.mp3";

	private final StoryRepository stories;

	private final ObjectStorage storage;

	private final CurrentCaller caller;

	StoryAudioService(StoryRepository stories, ObjectStorage storage, CurrentCaller caller) {
		this.stories = stories;
		this.storage = storage;
		this.caller = caller;
	}

	/**
	 * Stores the audio and attaches it to the story.
	 * @throws com.talegenerator.tales.shared.NotFoundException if the story does not
	 * exist
	 * @throws StorageException if the file could not be stored
	 */
	Story attach(UUID storyId, AudioUpload upload) {
		Caller caller = this.caller.get();
		Story before = this.stories.findById(storyId)
			.filter((story) -> caller.canSee(story.userId()))
			.orElseThrow(() -> new StoryNotFoundException(storyId));
		String path = folder(storyId) + "/" + SafeFileName.of(upload.fileName(), DEFAULT_FILE_NAME);
		URI url;
		try (InputStream content = upload.content().open()) {
			url = this.storage.store(path, content, upload.size(), upload.contentType());
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read the upload of " + path, ex);
		}
		Story after;
		try {
			after = this.stories
				.attachAudio(storyId, url.toString(), upload.provider(),
						(upload.metadata() != null) ? upload.metadata().toString() : null,
						Timestamps.now().atOffset(ZoneOffset.UTC))
				.orElseThrow(() -> new StoryNotFoundException(storyId));
		}
		catch (RuntimeException ex) {
			// under the story's current file name the upload has replaced that file:
			// removing
			// it would leave the story pointing at nothing, so it stays (with the new
			// bytes)
			if (!url.toString().equals(before.audioFileUrl())) {
				removeQuietly(storyId, path);
			}
			throw ex;
		}
		removeReplaced(storyId, before.audioFileUrl(), url);
		return after;
	}

	/** Stored files of a story live under this folder; deleting the story empties it. */
	static String folder(UUID storyId) {
		return "stories/" + storyId;
	}

	/**
	 * An upload under another file name leaves the old file behind; it is no longer used.
	 */
	private void removeReplaced(UUID storyId, @Nullable String previousUrl, URI currentUrl) {
		if (previousUrl == null || previousUrl.equals(currentUrl.toString())) {
			return;
		}
		String previousName = previousUrl.substring(previousUrl.lastIndexOf('/') + 1);
		String previousPath = folder(storyId) + "/" + previousName;
		if (previousUrl.equals(this.storage.publicUrl(previousPath).toString())) {
			removeQuietly(storyId, previousPath);
		}
	}

	private void removeQuietly(UUID storyId, String path) {
		try {
			this.storage.delete(path);
		}
		catch (RuntimeException ex) {
			log.error("Story {}: could not remove the file {} that the story does not point to", storyId, path, ex);
		}
	}

}
