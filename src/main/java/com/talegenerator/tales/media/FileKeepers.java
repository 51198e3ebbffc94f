package com.talegenerator.tales.media;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A feature whose rows point at stored files (stories, heroes): asked, before a single
 * file is removed, which files the row of its folder points at now, so that a live file
 * is never removed (an upload that failed under the name its row already uses has
 * replaced that file's bytes, and the row still points at it).
 */
public interface FileKeepers {

	/**
	 * The URLs the row of {@code folder} (e.g. {@code stories/{id}}) keeps, its row
	 * locked against a change until the transaction ends; empty when there is no such row
	 * or the folder is another feature's.
	 */
	List<String> keptUrls(String folder);

	/**
	 * The id of the row whose folder is {@code {prefix}{id}}, or {@code null} for any
	 * other folder.
	 */
	static @Nullable UUID rowId(String folder, String prefix) {
		if (!folder.startsWith(prefix)) {
			return null;
		}
		try {
			return UUID.fromString(folder.substring(prefix.length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
