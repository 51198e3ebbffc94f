package com.talegenerator.tales.hero;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.media.FileKeepers;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The file a hero points at: its portrait, under {@code heroes/{id}}. */
@Component
class HeroFileKeepers implements FileKeepers {

	private static final String PREFIX = "heroes/";

	private final JdbcTemplate jdbc;

	HeroFileKeepers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<String> keptUrls(String folder) {
		UUID id = FileKeepers.rowId(folder, PREFIX);
		if (id == null) {
			return List.of();
		}
		List<String> urls = new ArrayList<>();
		this.jdbc.query("SELECT portrait_url FROM tales.heroes WHERE id = ? FOR SHARE", (row) -> {
			if (row.getString(1) != null) {
				urls.add(row.getString(1));
			}
		}, id);
		return urls;
	}

}
