package com.talegenerator.tales.story;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.media.FilesOrphaned;
import com.talegenerator.tales.media.OwnedRows;
import com.talegenerator.tales.storage.MediaLinks;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A family's stories, for its export and its erasure. */
@Component
public class StoryFamily {

	private final StoryRepository stories;

	private final JdbcTemplate jdbc;

	private final MediaLinks links;

	private final ApplicationEventPublisher events;

	StoryFamily(StoryRepository stories, JdbcTemplate jdbc, MediaLinks links, ApplicationEventPublisher events) {
		this.stories = stories;
		this.jdbc = jdbc;
		this.links = links;
		this.events = events;
	}

	/**
	 * The family's stories as the API shows them, oldest first, and their audio and
	 * thumbnails.
	 */
	public OwnedRows export(UUID owner) {
		List<Story> stories = this.stories.findAllOwnedBy(owner);
		List<String> kept = new ArrayList<>();
		List<String> files = new ArrayList<>();
		for (Story story : stories) {
			for (String url : new String[] { story.audioFileUrl(), story.thumbnailUrl() }) {
				if (url != null) {
					kept.add(url);
					String path = this.links.pathOf(url);
					if (path != null) {
						files.add(path);
					}
				}
			}
		}
		MediaLinks.Links shown = this.links.of(kept);
		return new OwnedRows(stories.stream().map((story) -> StoryResponse.of(story, shown)).toList(), files);
	}

	/**
	 * Deletes every story of the family, in the caller's transaction, and records their
	 * folders for removal in it.
	 * @return how many there were
	 */
	public int erase(UUID owner) {
		List<UUID> deleted = this.jdbc.queryForList("DELETE FROM tales.stories WHERE user_id = ? RETURNING id",
				UUID.class, owner);
		deleted.forEach((id) -> this.events.publishEvent(new FilesOrphaned(StoryMediaService.folder(id))));
		return deleted.size();
	}

}
