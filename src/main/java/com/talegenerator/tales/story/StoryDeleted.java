package com.talegenerator.tales.story;

import java.util.UUID;

/**
 * A story was deleted; published inside the deleting transaction.
 *
 * @param storyId the deleted story
 */
record StoryDeleted(UUID storyId) {
}
