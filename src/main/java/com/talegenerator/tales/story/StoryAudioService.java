package com.talegenerator.tales.story;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.web.problem.InvalidFieldException;
import com.talegenerator.tales.database.Timestamps;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.SafeFileName;
import com.talegenerator.tales.storage.StorageException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A story's narration: the file goes to object storage, then the story points at it. No
 * database transaction is held while the file travels, and the two never get out of step:
 * if storing fails the story is untouched; if updating the story fails the file is
 * removed; a file replaced by a new upload under another name is removed once the story
 * points at the new one. Concurrent uploads for one story take turns on the story's row
 * for the pointer update, so each removes exactly the file it replaced and no losing
 * upload's file stays behind.
 */
@Service
public class StoryAudioService {

	private static final Logger log = LoggerFactory.getLogger(StoryAudioService.class);

	static final String DEFAULT_FILE_NAME = "story.mp3";

	private final StoryRepository stories;

	private final ObjectStorage storage;

	private final CurrentCaller caller;

	private final TransactionOperations transactions;

	StoryAudioService(StoryRepository stories, ObjectStorage storage, CurrentCaller caller,
			TransactionOperations transactions) {
		this.stories = stories;
		this.storage = storage;
		this.caller = caller;
		this.transactions = transactions;
	}

	/**
	 * Stores the audio and attaches it to the story, if {@code ifMatch} holds for the
	 * story's version at the moment it is attached.
	 * @throws com.talegenerator.tales.web.problem.NotFoundException if the story does not
	 * exist
	 * @throws StorageException if the file could not be stored
	 */
	Story attach(UUID storyId, IfMatch ifMatch, AudioUpload upload) {
		Caller caller = this.caller.get();
		Story before = this.stories.findById(storyId, caller.scope())
			.orElseThrow(() -> new StoryNotFoundException(storyId));
		// a stale version fails before the file travels; attachTo checks it again on the
		// locked row, which is the check that counts
		ifMatch.check(before.updatedAt());
		if (upload.metadata() != null) {
			checkStorable(upload.metadata());
		}
		String path = folder(storyId) + "/" + SafeFileName.of(upload.fileName(), DEFAULT_FILE_NAME);
		URI url;
		try (InputStream content = upload.content().open()) {
			url = this.storage.store(path, content, upload.size(), upload.contentType());
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read the upload of " + path, ex);
		}
		Attached attached;
		try {
			attached = Objects
				.requireNonNull(this.transactions.execute((status) -> attachTo(storyId, caller, ifMatch, url, upload)));
		}
		catch (RuntimeException ex) {
			// an upload under the name the story already uses has replaced that file's
			// bytes: removing it would leave the story pointing at nothing
			if (!sameObject(url.toString(), before.audioFileUrl())) {
				removeQuietly(storyId, path);
			}
			throw ex;
		}
		removeReplaced(storyId, attached.previousUrl(), url);
		return attached.story();
	}

	/**
	 * Points the story at the stored file, in a short transaction that starts once the
	 * file is stored. The row lock orders concurrent uploads: each sees the file the one
	 * before it attached, as the file it replaces.
	 */
	private Attached attachTo(UUID storyId, Caller caller, IfMatch ifMatch, URI url, AudioUpload upload) {
		Story current = this.stories.findByIdForUpdate(storyId)
			.filter((story) -> caller.canSee(story.userId()))
			.orElseThrow(() -> new StoryNotFoundException(storyId));
		ifMatch.check(current.updatedAt());
		Story after = this.stories
			.attachAudio(storyId, url.toString(), upload.provider(), upload.metadata(),
					Timestamps.now().atOffset(ZoneOffset.UTC))
			.orElseThrow(() -> new StoryNotFoundException(storyId));
		return new Attached(current.audioFileUrl(), after);
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

	/** Stored files of a story live under this folder; deleting the story empties it. */
	static String folder(UUID storyId) {
		return "stories/" + storyId;
	}

	/**
	 * An upload under another file name leaves the old file behind; it is no longer used.
	 * Only the upload that replaced it sees it as its previous file, so removing it after
	 * the commit races with no other upload under another name. (Concurrent uploads under
	 * one name share one object, the contract's {@code stories/{id}/{filename}}, and the
	 * row lock cannot order their stores, which run outside any transaction: the bytes
	 * are the last stored, provider and metadata the last attached, and a file replaced
	 * while another upload stores that same name again can be removed under it.)
	 */
	private void removeReplaced(UUID storyId, @Nullable String previousUrl, URI currentUrl) {
		if (previousUrl == null || sameObject(previousUrl, currentUrl.toString())) {
			return;
		}
		String previous = withoutVersion(previousUrl);
		String previousName = previous.substring(previous.lastIndexOf('/') + 1);
		String previousPath = folder(storyId) + "/" + previousName;
		// only a file of ours: a URL of another shape is left alone
		if (previous.equals(this.storage.publicUrl(previousPath).toString())) {
			removeQuietly(storyId, previousPath);
		}
	}

	/**
	 * Whether two URLs name the same stored object: each store gives an object a URL with
	 * a new version in its query, and URLs kept before there were versions have none.
	 */
	private static boolean sameObject(String url, @Nullable String other) {
		return other != null && withoutVersion(url).equals(withoutVersion(other));
	}

	private static String withoutVersion(String url) {
		int query = url.indexOf('?');
		return (query >= 0) ? url.substring(0, query) : url;
	}

	private void removeQuietly(UUID storyId, String path) {
		try {
			this.storage.delete(path);
		}
		catch (RuntimeException ex) {
			log.error("Story {}: could not remove the file {} that the story does not point to", storyId, path, ex);
		}
	}

	/**
	 * A story just pointed at its new audio.
	 *
	 * @param previousUrl the audio it pointed at until then
	 * @param story the story as updated
	 */
	private record Attached(@Nullable String previousUrl, Story story) {
	}

}
