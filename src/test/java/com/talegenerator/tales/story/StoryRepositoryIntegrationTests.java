package com.talegenerator.tales.story;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.TestDatabase;
import com.talegenerator.tales.database.Timestamps;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.web.json.Utf8Text;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StoryRepository} on the real PostgreSQL, without the web layer: what each
 * statement stores and reads back, the owner checks in SQL, keyset pages and their
 * projections, and versions that only move forward. Each test runs in a transaction that
 * is rolled back.
 */
@DataJdbcTest(includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = { "com\\.talegenerator\\.tales\\.database\\..*",
				"com\\.talegenerator\\.tales\\.story\\.StoryRowMapper" }))
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
class StoryRepositoryIntegrationTests {

	private static final UUID FAMILY = UUID.randomUUID();

	@Autowired
	private StoryRepository stories;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private JsonMapper json;

	private Instant clock = Timestamps.now();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Test
	void readsBackEveryColumnItStored() {
		Story story = new Story(null, FAMILY, "The lighthouse", Utf8Text.of("Жила-была лиса 🦊 \"and\" a dragon"),
				"Be kind", null, "Mia", 6, "girl", Arrays.asList("dragons", null, "boats"), "gpt-test",
				this.json.readTree("{\"a\":[1,2.5,\"x\"]}"), this.json.readTree("{\"tokens\":12}"), "ru", 1200, 8, null,
				null, null, null, Timestamps.now(), Timestamps.now());

		Story stored = this.stories.insert(story);

		assertThat(stored.id()).isNotNull();
		assertThat(this.stories.findById(stored.id(), null)).contains(stored);
		assertThat(this.stories.findById(stored.id(), FAMILY)).contains(stored);
		assertThat(this.stories.findById(stored.id(), null).orElseThrow().content().toString())
			.isEqualTo("Жила-была лиса 🦊 \"and\" a dragon");
	}

	@Test
	void findsAnotherFamilysStoryForNoOneButTheBackOffice() {
		UUID id = insert(FAMILY, "en").id();

		assertThat(this.stories.findById(id, UUID.randomUUID())).isEmpty();
		assertThat(this.stories.findById(id, null)).isPresent();
		assertThat(this.stories.deleteIfExists(id, UUID.randomUUID())).isFalse();
		assertThat(this.stories.deleteIfExists(id, FAMILY)).isTrue();
		assertThat(this.stories.findById(id, null)).isEmpty();
	}

	@Test
	void pagesNewestFirstUnderEveryFilterAndContinuesAfterTheCursor() {
		UUID family = UUID.randomUUID();
		List<UUID> russian = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			russian.add(0, insert(family, "ru").id());
			insert(family, "en");
		}
		List<ListFilter> filters = ListFilter.where().equal("userId", family).equal("language", "ru").build();

		KeysetPage<Story> first = this.stories.page(filters, PageQuery.of(null, 3));
		KeysetPage<Story> second = this.stories.page(filters, PageQuery.of(first.next().encode(), 3));

		assertThat(first.items()).extracting(Story::id).containsExactlyElementsOf(russian.subList(0, 3));
		assertThat(second.items()).extracting(Story::id).containsExactlyElementsOf(russian.subList(3, 5));
		assertThat(second.next()).isNull();
		assertThat(first.items()).allSatisfy((story) -> assertThat(story.language()).isEqualTo("ru"));
	}

	@Test
	void projectsAPageOntoTheFieldsAskedFor() {
		UUID family = UUID.randomUUID();
		Story story = insert(family, "es");

		KeysetPage<Map<String, Object>> page = this.stories.page(ListFilter.where().equal("userId", family).build(),
				PageQuery.of(null, 10), List.of("title", "language", "childId"));

		assertThat(page.items()).singleElement()
			.satisfies((item) -> assertThat(item).containsOnlyKeys("title", "language", "childId")
				.containsEntry("title", story.title())
				.containsEntry("language", "es"));
	}

	@Test
	void movesTheVersionForwardWhenTheStoredOneIsAhead() {
		Story story = insert(FAMILY, "en");
		OffsetDateTime ahead = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("UPDATE tales.stories SET updated_at = ? WHERE id = ?", ahead, story.id());

		Story rated = this.stories.rate(story.id(), 9, OffsetDateTime.now(ZoneOffset.UTC), null).orElseThrow();
		Story attached = this.stories
			.attachAudio(story.id(), "http://files/a.mp3", "voice", "{\"v\":1}", OffsetDateTime.now(ZoneOffset.UTC))
			.orElseThrow();

		assertThat(rated.rating()).isEqualTo(9);
		assertThat(rated.updatedAt()).isEqualTo(ahead.toInstant().plus(1, ChronoUnit.MICROS));
		assertThat(attached.updatedAt()).isEqualTo(ahead.toInstant().plus(2, ChronoUnit.MICROS));
		assertThat(this.stories.findById(story.id(), null)).contains(attached);
	}

	@Test
	void ratesOnlyTheOwnersStory() {
		Story story = insert(FAMILY, "en");

		assertThat(this.stories.rate(story.id(), 3, OffsetDateTime.now(ZoneOffset.UTC), UUID.randomUUID())).isEmpty();
		assertThat(this.stories.findById(story.id(), null).orElseThrow().rating()).isNull();
	}

	/** Each story a millisecond newer than the one before: the order is known. */
	private Story insert(@Nullable UUID owner, String language) {
		Instant now = this.clock = this.clock.plusMillis(1);
		return this.stories
			.insert(new Story(null, owner, "A story in " + language, Utf8Text.of("Once upon a time"), "A moral", null,
					null, null, null, null, null, null, null, language, null, null, null, null, null, null, now, now));
	}

}
