package com.talegenerator.tales.media;

/**
 * A row that owned stored files was deleted, inside the deleting transaction: every file
 * under its folder goes once that transaction commits ({@link MediaFiles}).
 *
 * @param folder the row's folder, e.g. {@code stories/{id}}
 */
public record FilesOrphaned(String folder) {
}
