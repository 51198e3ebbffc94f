package com.talegenerator.tales.media;

/**
 * A row that owned stored files is being deleted; published inside the deleting
 * transaction, which also records the row's folder for removal ({@link MediaFiles},
 * {@link FileRemovals}): every file under it goes once that transaction commits, or later
 * when storage is down.
 *
 * @param folder the row's folder, e.g. {@code stories/{id}}
 */
public record FilesOrphaned(String folder) {
}
