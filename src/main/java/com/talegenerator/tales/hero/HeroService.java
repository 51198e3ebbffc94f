package com.talegenerator.tales.hero;

import java.util.UUID;

import com.talegenerator.tales.shared.Filter;
import com.talegenerator.tales.shared.KeysetPager;
import com.talegenerator.tales.shared.PageRequest;
import com.talegenerator.tales.shared.Slice;
import com.talegenerator.tales.shared.Timestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Story heroes: creating, reading, listing, replacing and deleting them.
 */
@Service
@Transactional
class HeroService {

	private final HeroRepository heroes;

	private final KeysetPager pager;

	HeroService(HeroRepository heroes, KeysetPager pager) {
		this.heroes = heroes;
		this.pager = pager;
	}

	Hero create(HeroDetails details) {
		return this.heroes.save(Hero.create(details, Timestamps.now()));
	}

	/**
	 * The hero with this id.
	 * @throws com.talegenerator.tales.shared.NotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	Hero get(UUID id) {
		return this.heroes.findById(id).orElseThrow(() -> new HeroNotFoundException(id));
	}

	/**
	 * Heroes newest first; each filter that is not {@code null} must match exactly.
	 */
	@Transactional(readOnly = true)
	Slice<Hero> list(@Nullable String name, @Nullable String language, PageRequest page) {
		return this.pager.page(Hero.class, Filter.where().equal("name", name).equal("language", language).build(),
				page);
	}

	Hero replace(UUID id, HeroDetails details) {
		return this.heroes.save(get(id).replace(details, Timestamps.now()));
	}

	void delete(UUID id) {
		if (!this.heroes.deleteIfExists(id)) {
			throw new HeroNotFoundException(id);
		}
	}

}
