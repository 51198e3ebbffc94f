package com.talegenerator.tales.database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.child.Child;
import com.talegenerator.tales.hero.Hero;
import com.talegenerator.tales.paging.Cursor;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.story.Story;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list query the API runs is an index scan that returns rows in list order (no
 * Sort), checked with EXPLAIN on the exact SQL of {@link KeysetPager}, on tables large
 * enough that without the indexes PostgreSQL reads the whole table. The data lives in a
 * transaction that is rolled back, so other tests never see it.
 */
class ListQueryPlanIntegrationTests extends IntegrationTestSupport {

	/**
	 * A full Sort node and the number of rows the planner expects it to sort. An
	 * Incremental Sort over an index presorted by created_at is fine (it orders only rows
	 * created in the same microsecond), and so is sorting the few rows a very selective
	 * filter finds.
	 */
	/** What a search for the rare word may sort: its matches, never the table. */
	private static final long MATCHES_SORTED = 200;

	private static final Pattern ROWS_REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

	private static final Pattern FULL_SORT = Pattern.compile("(?m)^\\s*(?:->\\s+)?Sort\\s+\\(cost=\\S+ rows=(\\d+)");

	@Autowired
	private KeysetPager pager;

	@Autowired
	private NamedParameterJdbcTemplate named;

	@Autowired
	private PlatformTransactionManager transactionManager;

	/**
	 * The fixtures are rolled back, but their 95,000 dead rows would stay in the tables
	 * the other tests share: give the space back while it is still at the tables' end.
	 */
	@AfterEach
	void reclaimRolledBackRows() {
		this.jdbc.execute("VACUUM tales.children, tales.heroes, tales.stories");
	}

	@Test
	void everyListQueryIsAnOrderedIndexScan() {
		inRolledBackTransaction(() -> {
			Fixture fixture = seed();
			for (ListCase listCase : fixture.cases()) {
				for (String planCacheMode : List.of("force_custom_plan", "force_generic_plan")) {
					this.jdbc.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
					String plan = explain(listCase);
					assertThat(plan).as(listCase.name() + " (" + planCacheMode + ")\n" + plan)
						.containsPattern("Index (Only )?Scan")
						.doesNotContain("Seq Scan");
					assertThat(rowsSorted(plan)).as(listCase.name() + " (" + planCacheMode + ")\n" + plan)
						.allMatch((rows) -> rows <= PageQuery.DEFAULT_LIMIT + 1);
				}
			}
		});
	}

	/**
	 * A search for a rare word (40 stories of 60,000) is answered by the search index,
	 * alone and with each filter (or, where a filter finds fewer rows still, by that
	 * filter's own index), never by reading the table, and sorts only the few rows it
	 * found (the planner expects about twice as many). A common word (every story) reads
	 * the newest-first index and stops after a page.
	 */
	@Test
	void everySearchIsAnIndexScan() {
		inRolledBackTransaction(() -> {
			Fixture fixture = seed();
			for (SearchCase search : fixture.searches()) {
				for (String planCacheMode : List.of("force_custom_plan", "force_generic_plan")) {
					this.jdbc.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
					ListCase rare = search.of("lighthouse");
					String plan = explain(rare);
					String as = rare.name() + " (" + planCacheMode + ")\n" + plan;
					assertThat(plan).as(as).containsPattern("Index (Only )?Scan").doesNotContain("Seq Scan");
					if (search.gin()) {
						assertThat(plan).as(as).contains("Bitmap Index Scan on idx_stories_search");
					}
					// the index finds the matches in no order: they are sorted, and only
					// they
					assertThat(rowsSorted(plan)).as(as).allMatch((rows) -> rows <= MATCHES_SORTED);
				}
				this.jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
				ListCase common = search.of("upon");
				String plan = explain(common);
				assertThat(plan).as(common.name() + "\n" + plan)
					.containsPattern("Index (Only )?Scan")
					.doesNotContain("Seq Scan");
				assertThat(rowsSorted(plan)).as(common.name() + "\n" + plan)
					.allMatch((rows) -> rows <= PageQuery.DEFAULT_LIMIT + 1);
			}
		});
	}

	/**
	 * A list filtered by a value reads only that value's rows from its own index, even
	 * when every newer row holds another value and the statistics do not know it yet
	 * (autovacuum's ANALYZE comes later): it does not walk the newest-first index past
	 * them. Counted by EXPLAIN ANALYZE, under custom and generic plans.
	 */
	@Test
	void aFilteredListDoesNotWalkPastNewerRowsOfAnotherValue() {
		inRolledBackTransaction(() -> {
			seed();
			this.jdbc.execute("""
					INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender,
					                           child_interests, language, created_at, updated_at)
					SELECT 'Newer story ' || i, 'Once upon a time.', 'Be kind.', 'Kid 7', 5, 'girl', '{owls}', 'en',
					       now() + i * interval '1 second', now() + i * interval '1 second'
					FROM generate_series(1, 20000) i""");
			for (String planCacheMode : List.of("force_custom_plan", "force_generic_plan")) {
				this.jdbc.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
				for (ListCase list : List.of(
						new ListCase("stories by language", Story.class,
								ListFilter.where().equal("language", "ru").build(), null),
						new ListCase("stories by language, sparse", Story.class,
								ListFilter.where().equal("language", "ru").build(), null,
								List.of("id", "title", "createdAt")))) {
					String plan = explainAnalyze(list);
					assertThat(plan).as(list.name() + " (" + planCacheMode + ")\n" + plan)
						.contains("idx_stories_language_newest");
					assertThat(rowsRemovedByFilter(plan)).as(list.name() + " (" + planCacheMode + ")\n" + plan)
						.isZero();
				}
			}
		});
	}

	@Test
	void withoutTheSearchIndexASearchReadsTheWholeTable() {
		inRolledBackTransaction(() -> {
			seed();
			ListCase search = new ListCase("stories by a rare word", Story.class,
					ListFilter.where().matches("lighthouse", null).build(), null);
			assertThat(explain(search)).contains("idx_stories_search");
			long stories = this.jdbc.queryForObject("SELECT count(*) FROM tales.stories", Long.class);
			long matches = this.jdbc.queryForObject(
					"SELECT count(*) FROM tales.stories WHERE search_vector @@ tales.search_query('lighthouse')",
					Long.class);
			assertThat(matches).isBetween(1L, (long) PageQuery.DEFAULT_LIMIT);

			this.jdbc.execute("DROP INDEX tales.idx_stories_search");
			String plan = explainAnalyze(search);

			// fewer matches than a page: whatever order it walks in, it reads every row
			// (counted, not the planner's cost estimate, which moves with ANALYZE's
			// sample)
			assertThat(plan).doesNotContain("idx_stories_search");
			assertThat(rowsRemovedByFilter(plan)).as(plan).isEqualTo(stories - matches);
		});
	}

	@Test
	void aSparseListSelectsOnlyTheColumnsAskedForAndItsPosition() {
		KeysetPager.ListQuery query = this.pager.query(Story.class, ListFilter.where().equal("language", "ru").build(),
				new PageQuery(null, PageQuery.DEFAULT_LIMIT), List.of("title", "rating", "createdAt"));

		String selectList = query.sql().substring("SELECT ".length(), query.sql().indexOf(" FROM ")).replace("\"", "");
		assertThat(selectList).isEqualTo("id, created_at, title, rating");
	}

	@Test
	void withoutTheIndexesTheSameQueryReadsTheWholeTable() {
		inRolledBackTransaction(() -> {
			seed();
			this.jdbc.queryForList("""
					SELECT indexname FROM pg_indexes
					WHERE schemaname = 'tales' AND tablename = 'stories' AND indexname <> 'stories_pkey'
					""", String.class).forEach((index) -> this.jdbc.execute("DROP INDEX tales." + index));

			String plan = explain(new ListCase("stories by language", Story.class,
					ListFilter.where().equal("language", "ru").build(), null));

			assertThat(plan).contains("Seq Scan");
			assertThat(rowsSorted(plan)).anyMatch((rows) -> rows > PageQuery.DEFAULT_LIMIT + 1);
		});
	}

	private Fixture seed() {
		this.jdbc.execute("""
				INSERT INTO tales.children (name, age, gender, interests, created_at, updated_at)
				SELECT 'Kid ' || i, i % 19, 'girl', '{owls}', now() - i * interval '1 minute',
				       now() - i * interval '1 minute'
				FROM generate_series(1, 5000) i""");
		this.jdbc.execute("""
				INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender,
				                           child_interests, language, rating, created_at, updated_at)
				SELECT 'Story ' || i || CASE WHEN i % 1500 = 0 THEN ' of the lighthouse' ELSE '' END,
				       repeat('Once upon a time. ', 50), 'Be kind.', 'Kid ' || (i % 5000), 5,
				       'girl', '{owls}', (ARRAY['en', 'ru', 'es'])[1 + i % 3],
				       CASE WHEN i % 3 = 0 THEN NULL ELSE 1 + i % 10 END,
				       now() - i * interval '1 second', now() - i * interval '1 second'
				FROM generate_series(1, 60000) i""");
		this.jdbc.execute("""
				UPDATE tales.stories s SET child_id = c.id FROM tales.children c
				WHERE s.child_name = c.name AND s.title LIKE 'Story %'""");
		this.jdbc.execute("""
				INSERT INTO tales.heroes (name, gender, appearance, language, created_at, updated_at)
				SELECT 'Hero ' || (i % 2000), 'boy', repeat('tall ', 40), (ARRAY['en', 'ru', 'es'])[1 + i % 3],
				       now() - i * interval '1 second', now() - i * interval '1 second'
				FROM generate_series(1, 30000) i""");
		// a hundred families own the rows; heroes are mostly the shared catalogue
		this.jdbc.execute("UPDATE tales.children SET user_id = md5('family' || (hashtext(name) & 99))::uuid");
		this.jdbc.execute("UPDATE tales.stories SET user_id = md5('family' || (hashtext(child_name) & 99))::uuid");
		this.jdbc.execute("UPDATE tales.heroes SET user_id = md5('family' || (hashtext(name) & 99))::uuid "
				+ "WHERE name LIKE 'Hero 1%'");
		this.jdbc.execute("ANALYZE tales.children");
		this.jdbc.execute("ANALYZE tales.stories");
		this.jdbc.execute("ANALYZE tales.heroes");
		UUID childId = this.jdbc.queryForObject("SELECT id FROM tales.children WHERE name = 'Kid 42'", UUID.class);
		UUID family = this.jdbc.queryForObject("SELECT user_id FROM tales.children WHERE name = 'Kid 42'", UUID.class);
		return new Fixture(childId, family, new Cursor(Instant.now().minusSeconds(30000), UUID.randomUUID()));
	}

	private String explainAnalyze(ListCase listCase) {
		KeysetPager.ListQuery query = this.pager.query(listCase.type(), listCase.filters(),
				new PageQuery(listCase.after(), PageQuery.DEFAULT_LIMIT), listCase.fields());
		return String.join("\n", this.named.queryForList("EXPLAIN (ANALYZE, TIMING OFF) " + query.sql(),
				query.parameters(), String.class));
	}

	private static long rowsRemovedByFilter(String plan) {
		Matcher removed = ROWS_REMOVED.matcher(plan);
		long rows = 0;
		while (removed.find()) {
			rows += Long.parseLong(removed.group(1));
		}
		return rows;
	}

	private String explain(ListCase listCase) {
		KeysetPager.ListQuery query = this.pager.query(listCase.type(), listCase.filters(),
				new PageQuery(listCase.after(), PageQuery.DEFAULT_LIMIT), listCase.fields());
		return String.join("\n", this.named.queryForList("EXPLAIN " + query.sql(), query.parameters(), String.class));
	}

	private static List<Long> rowsSorted(String plan) {
		List<Long> rows = new ArrayList<>();
		Matcher sort = FULL_SORT.matcher(plan);
		while (sort.find()) {
			rows.add(Long.parseLong(sort.group(1)));
		}
		return rows;
	}

	private void inRolledBackTransaction(Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			status.setRollbackOnly();
			work.run();
		});
	}

	/**
	 * One list query: its filters, where it starts, and the fields of a sparse list (all
	 * when empty).
	 */
	private record ListCase(String name, Class<?> type, List<ListFilter> filters, Cursor after, List<String> fields) {

		ListCase(String name, Class<?> type, List<ListFilter> filters, Cursor after) {
			this(name, type, filters, after, List.of());
		}

	}

	/**
	 * A search combined with filters; {@code gin}: the search index must answer it (no
	 * filter of it finds fewer rows).
	 */
	private record SearchCase(String name, List<ListFilter> filters, @Nullable String language, @Nullable Cursor after,
			List<String> fields, boolean gin) {

		ListCase of(String words) {
			List<ListFilter> all = new ArrayList<>(this.filters);
			all.addAll(ListFilter.where().matches(words, this.language).build());
			return new ListCase(this.name + " matching " + words, Story.class, all, this.after, this.fields);
		}

	}

	private record Fixture(UUID childId, UUID family, Cursor cursor) {

		/** A search alone and with each filter API.md offers, first and deeper pages. */
		List<SearchCase> searches() {
			List<SearchCase> searches = new ArrayList<>();
			for (Cursor after : java.util.Arrays.asList(null, this.cursor)) {
				String page = (after != null) ? ", deeper page" : "";
				searches.add(new SearchCase("search" + page, List.of(), null, after, List.of(), true));
				searches.add(new SearchCase("search, sparse" + page, List.of(), null, after,
						List.of("id", "title", "createdAt"), true));
				searches.add(new SearchCase("search by language" + page,
						ListFilter.where().equal("language", "ru").build(), "ru", after, List.of(), true));
				searches.add(new SearchCase("search by minRating" + page,
						ListFilter.where().atLeast("rating", 5).build(), null, after, List.of(), true));
				searches.add(new SearchCase("a family's search" + page,
						ListFilter.where().equal("userId", this.family).build(), null, after, List.of(), true));
				searches.add(new SearchCase("a family's search by language and minRating" + page,
						ListFilter.where()
							.equal("userId", this.family)
							.equal("language", "ru")
							.atLeast("rating", 5)
							.build(),
						"ru", after, List.of(), true));
				// a child has a dozen stories: its own index finds them faster than the
				// search's
				searches.add(new SearchCase("search by childName" + page,
						ListFilter.where().equal("childName", "Kid 42").build(), null, after, List.of(), false));
				searches.add(new SearchCase("search by childId" + page,
						ListFilter.where().equal("childId", this.childId).build(), null, after, List.of(), false));
				searches.add(new SearchCase("search by every filter" + page,
						ListFilter.where()
							.equal("userId", this.family)
							.equal("childName", "Kid 42")
							.equal("childId", this.childId)
							.equal("language", "ru")
							.atLeast("rating", 5)
							.build(),
						"ru", after, List.of(), false));
			}
			return searches;
		}

		/**
		 * Every filter combination API.md offers, each as a first and as a deeper page.
		 */
		List<ListCase> cases() {
			List<ListCase> firstPages = List.of(new ListCase("stories", Story.class, List.of(), null),
					new ListCase("stories by childName", Story.class,
							ListFilter.where().equal("childName", "Kid 42").build(), null),
					new ListCase("stories by childId", Story.class,
							ListFilter.where().equal("childId", this.childId).build(), null),
					new ListCase("stories by language", Story.class, ListFilter.where().equal("language", "ru").build(),
							null),
					new ListCase("stories by minRating", Story.class, ListFilter.where().atLeast("rating", 5).build(),
							null),
					new ListCase("stories by language and minRating", Story.class,
							ListFilter.where().equal("language", "ru").atLeast("rating", 5).build(), null),
					new ListCase("stories by every filter", Story.class,
							ListFilter.where()
								.equal("childName", "Kid 42")
								.equal("childId", this.childId)
								.equal("language", "ru")
								.atLeast("rating", 5)
								.build(),
							null),
					new ListCase("children", Child.class, List.of(), null),
					new ListCase(
							"children by name", Child.class, ListFilter.where().equal("name", "Kid 42").build(), null),
					new ListCase("heroes", Hero.class, List.of(), null),
					new ListCase("heroes by name", Hero.class, ListFilter.where().equal("name", "Hero 42").build(),
							null),
					new ListCase("heroes by language", Hero.class, ListFilter.where().equal("language", "ru").build(),
							null),
					new ListCase("heroes by name and language", Hero.class,
							ListFilter.where().equal("name", "Hero 42").equal("language", "ru").build(), null),
					// what a signed-in family's lists add: their own rows (heroes: and
					// the shared ones)
					new ListCase("a family's stories", Story.class,
							ListFilter.where().equal("userId", this.family).build(), null),
					new ListCase("a family's stories by language and minRating", Story.class,
							ListFilter.where()
								.equal("userId", this.family)
								.equal("language", "ru")
								.atLeast("rating", 5)
								.build(),
							null),
					new ListCase("a family's stories by child", Story.class,
							ListFilter.where().equal("userId", this.family).equal("childId", this.childId).build(),
							null),
					new ListCase("a family's children", Child.class,
							ListFilter.where().equal("userId", this.family).build(), null),
					new ListCase("a family's and the shared heroes", Hero.class,
							ListFilter.where().equalOrNull("userId", this.family).build(), null),
					new ListCase("a family's and the shared heroes by language", Hero.class,
							ListFilter.where().equalOrNull("userId", this.family).equal("language", "ru").build(),
							null));
			List<ListCase> all = new ArrayList<>(firstPages);
			firstPages.forEach((first) -> all
				.add(new ListCase(first.name() + ", deeper page", first.type(), first.filters(), this.cursor)));
			// a sparse list reads fewer columns through the same index
			firstPages.forEach((first) -> all.add(new ListCase(first.name() + ", sparse", first.type(), first.filters(),
					this.cursor, (first.type() == Story.class)
							? List.of("id", "title", "language", "rating", "createdAt") : List.of("name"))));
			return all;
		}

	}

}
