package com.talegenerator.tales.hero;

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
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Story heroes: creating, reading, listing, replacing and deleting them.
 */
@Service
class HeroService {

	private final HeroRepository heroes;

	private final CurrentCaller caller;

	HeroService(HeroRepository heroes, CurrentCaller caller) {
		this.heroes = heroes;
		this.caller = caller;
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
