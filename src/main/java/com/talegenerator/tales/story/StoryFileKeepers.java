package com.talegenerator.tales.story;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.media.FileKeepers;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The files a story points at: its audio and its thumbnail, under {@code stories/{id}}.
 */
@Component
class StoryFileKeepers implements FileKeepers {

	private static final String PREFIX = "stories/";

	private final JdbcTemplate jdbc;

	StoryFileKeepers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<String> keptUrls(String folder) {
		UUID id = FileKeepers.rowId(folder, PREFIX);
		if (id == null) {
			return List.of();
		}
		List<String> urls = new ArrayList<>();
		this.jdbc.query("SELECT audio_file_url, thumbnail_url FROM tales.stories WHERE id = ? FOR SHARE", (row) -> {
			addIfPresent(urls, row.getString(1));
			addIfPresent(urls, row.getString(2));
		}, id);
		return urls;
	}

	private static void addIfPresent(List<String> urls, @Nullable String url) {
		if (url != null) {
			urls.add(url);
		}
	}

}
