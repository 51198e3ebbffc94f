package com.talegenerator.tales.story;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.talegenerator.tales.storage.ObjectStorage;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Removes a deleted story's files once the deletion is committed. A storage failure here
 * is logged with the story's id for a later clean-up; it never brings the story back.
 */
@Component
class StoryFilesCleanup {

	private static final Logger log = LoggerFactory.getLogger(StoryFilesCleanup.class);

	private final ObjectStorage storage;

	StoryFilesCleanup(ObjectStorage storage) {
		this.storage = storage;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void removeFiles(StoryDeleted deleted) {
		try {
			this.storage.deletePrefix(StoryAudioService.folder(deleted.storyId()));
		}
		catch (RuntimeException ex) {
			log.error("Story {} was deleted but its files under {}/ could not be removed", deleted.storyId(),
					StoryAudioService.folder(deleted.storyId()), ex);
		}
	}

}
