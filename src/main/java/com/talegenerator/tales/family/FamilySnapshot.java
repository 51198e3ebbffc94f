package com.talegenerator.tales.family;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.media.OwnedRows;

/**
 * A family's rows as of one moment, in the API's shapes, and the paths of their stored
 * files.
 *
 * @param owner the family's user id
 * @param children the children
 * @param heroes the family's own heroes and their portraits
 * @param stories the stories and their audio and thumbnails
 */
record FamilySnapshot(UUID owner, List<?> children, OwnedRows heroes, OwnedRows stories) {

	/** Every stored file, each once. */
	List<String> files() {
		List<String> files = new ArrayList<>(this.heroes.files());
		this.stories.files().stream().filter((path) -> !files.contains(path)).forEach(files::add);
		return files;
	}

}
