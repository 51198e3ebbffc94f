package com.talegenerator.tales.hero;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.database.Timestamps;
import com.talegenerator.tales.media.FilesOrphaned;
import com.talegenerator.tales.media.MediaFiles;
import com.talegenerator.tales.media.MediaUpload;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Story heroes: creating, reading, listing, replacing and deleting them, and their
 * portraits, kept under {@code heroes/{id}/}.
 */
@Service
class HeroService {

	private static final String PORTRAIT_NAME = "portrait";

	private final HeroRepository heroes;

	private final CurrentCaller caller;

	private final MediaFiles files;

	private final ApplicationEventPublisher events;

	HeroService(HeroRepository heroes, CurrentCaller caller, MediaFiles files, ApplicationEventPublisher events) {
		this.heroes = heroes;
		this.caller = caller;
		this.files = files;
		this.events = events;
	}

	/** Stored files of a hero live under this folder; deleting the hero empties it. */
	static String folder(UUID heroId) {
		return "heroes/" + heroId;
	}

	/** A user's hero is theirs; the back-office's joins the shared catalogue. */
	@Transactional
	Hero create(HeroDetails details) {
		return this.heroes.save(Hero.create(details, this.caller.get().owner(), Timestamps.now()));
	}

	/**
	 * The hero with this id.
	 * @throws com.talegenerator.tales.web.problem.NotFoundException if there is none
	 */
	Hero get(UUID id) {
		Caller caller = this.caller.get();
		return this.heroes.findById(id)
			.filter((hero) -> hero.userId() == null || caller.canSee(hero.userId()))
			.orElseThrow(() -> new HeroNotFoundException(id));
	}

	/**
	 * Heroes newest first; each filter that is not {@code null} must match exactly.
	 */
	KeysetPage<Hero> list(@Nullable String name, @Nullable String language, PageQuery page) {
		return this.heroes.page(conditions(name, language), page);
	}

	/**
	 * Like {@link #list(String, String, PageQuery)}, each hero reduced to the given
	 * fields.
	 */
	KeysetPage<Map<String, Object>> list(@Nullable String name, @Nullable String language, PageQuery page,
			List<String> fields) {
		return this.heroes.page(conditions(name, language), page, fields);
	}

	private List<ListFilter> conditions(@Nullable String name, @Nullable String language) {
		return ListFilter.where()
			.equalOrNull("userId", this.caller.get().scope())
			.equal("name", name)
			.equal("language", language)
			.build();
	}

	/**
	 * Replaces the editable fields if {@code ifMatch} holds for the current version,
	 * checked on the locked row: of two editors holding the same version, one wins.
	 */
	@Transactional
	Hero replace(UUID id, IfMatch ifMatch, HeroDetails details) {
		Hero current = modifiable(lock(id));
		ifMatch.check(current.updatedAt());
		return this.heroes.update(current.replace(details, Timestamps.now()));
	}

	@Transactional
	void delete(UUID id, IfMatch ifMatch) {
		Caller caller = this.caller.get();
		if (!caller.backOffice() || ifMatch.present()) {
			ifMatch.check(modifiable(lock(id)).updatedAt());
		}
		if (!this.heroes.deleteIfExists(id, caller.scope())) {
			throw new HeroNotFoundException(id);
		}
		this.events.publishEvent(new FilesOrphaned(folder(id)));
	}

	/**
	 * Stores the portrait as {@code portrait.{png|jpg|webp}} and points the hero at it; a
	 * portrait of another format is removed. The shared catalogue's portraits are the
	 * back-office's.
	 * @throws SharedHeroException for a user and a hero of the shared catalogue (403),
	 * before the file travels
	 */
	Hero attachPortrait(UUID id, IfMatch ifMatch, MediaUpload upload) {
		Hero before = modifiable(get(id));
		ifMatch.check(before.updatedAt());
		return this.files.store(folder(id), PORTRAIT_NAME + "." + upload.format().extension(), upload, (url) -> {
			Hero current = modifiable(lock(id));
			ifMatch.check(current.updatedAt());
			return new MediaFiles.Attached<>(current.portraitUrl(), setPortrait(id, url.toString()));
		});
	}

	/**
	 * Removes the hero's portrait.
	 * @throws PortraitNotFoundException if it has none
	 */
	Hero removePortrait(UUID id, IfMatch ifMatch) {
		return this.files.remove(folder(id), () -> {
			Hero current = modifiable(lock(id));
			ifMatch.check(current.updatedAt());
			if (current.portraitUrl() == null) {
				throw new PortraitNotFoundException(id);
			}
			return new MediaFiles.Attached<>(current.portraitUrl(), setPortrait(id, null));
		});
	}

	private Hero setPortrait(UUID id, @Nullable String url) {
		return this.heroes.setPortrait(id, url, Timestamps.now().atOffset(ZoneOffset.UTC))
			.orElseThrow(() -> new HeroNotFoundException(id));
	}

	/**
	 * The hero, locked for this transaction's write; one the caller cannot see answers
	 * 404 before anything else is looked at.
	 */
	private Hero lock(UUID id) {
		Caller caller = this.caller.get();
		return this.heroes.findByIdForUpdate(id)
			.filter((hero) -> hero.userId() == null || caller.canSee(hero.userId()))
			.orElseThrow(() -> new HeroNotFoundException(id));
	}

	/**
	 * A hero of the shared catalogue is read-only for users: 403 rather than 404, they
	 * see it.
	 */
	private Hero modifiable(Hero hero) {
		if (!this.caller.get().canSee(hero.userId())) {
			throw new SharedHeroException(hero.id());
		}
		return hero;
	}

}
