package com.talegenerator.tales.hero;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.media.FilesOrphaned;
import com.talegenerator.tales.media.OwnedRows;
import com.talegenerator.tales.storage.MediaLinks;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A family's own heroes (never the shared catalogue, which belongs to no one), for its
 * export and its erasure.
 */
@Component
public class HeroFamily {

	private final HeroRepository heroes;

	private final JdbcTemplate jdbc;

	private final MediaLinks links;

	private final ApplicationEventPublisher events;

	HeroFamily(HeroRepository heroes, JdbcTemplate jdbc, MediaLinks links, ApplicationEventPublisher events) {
		this.heroes = heroes;
		this.jdbc = jdbc;
		this.links = links;
		this.events = events;
	}

	/** The family's heroes as the API shows them, oldest first, and their portraits. */
	public OwnedRows export(UUID owner) {
		List<Hero> heroes = this.heroes.findAllOwnedBy(owner);
		List<String> kept = new ArrayList<>();
		List<String> files = new ArrayList<>();
		for (Hero hero : heroes) {
			if (hero.portraitUrl() != null) {
				kept.add(hero.portraitUrl());
				String path = this.links.pathOf(hero.portraitUrl());
				if (path != null) {
					files.add(path);
				}
			}
		}
		MediaLinks.Links shown = this.links.of(kept);
		return new OwnedRows(heroes.stream().map((hero) -> HeroResponse.of(hero, shown)).toList(), files);
	}

	/**
	 * Deletes every hero of the family, in the caller's transaction, and records their
	 * folders for removal in it.
	 * @return how many there were
	 */
	public int erase(UUID owner) {
		List<UUID> deleted = this.jdbc.queryForList("DELETE FROM tales.heroes WHERE user_id = ? RETURNING id",
				UUID.class, owner);
		deleted.forEach((id) -> this.events.publishEvent(new FilesOrphaned(HeroService.folder(id))));
		return deleted.size();
	}

}
