package com.talegenerator.tales.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The schema Flyway builds from {@code db/migration}: what the original Tale Generator
 * schema promised (nullable snapshot columns, the rating check, the indexes by name), and
 * that every migration can run again on a schema that already has it, since a schema
 * created by hand from the original SQL files must be adopted as it is.
 */
class MigrationIntegrationTests extends IntegrationTestSupport {

	private static final List<String> ORIGINAL_VERSIONS = List.of("001", "002", "003", "004", "005", "006", "007",
			"008", "009", "010");

	@Test
	void appliedEveryMigrationSuccessfully() throws IOException {
		List<Map<String, Object>> history = this.jdbc.queryForList(
				"SELECT version, success FROM tales.flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");

		List<String> versions = history.stream().map((row) -> (String) row.get("version")).toList();
		assertThat(versions).startsWith(ORIGINAL_VERSIONS.toArray(String[]::new));
		assertThat(history).allSatisfy((row) -> assertThat(row.get("success")).isEqualTo(Boolean.TRUE));
		List<String> files = migrations().stream()
			.map((file) -> file.getFilename().substring(1, file.getFilename().indexOf("__")))
			.toList();
		assertThat(versions).containsExactlyElementsOf(files);
	}

	@Test
	void makesTheChildSnapshotOfAStoryOptional() {
		List<Map<String, Object>> columns = this.jdbc.queryForList("SELECT column_name, is_nullable"
				+ " FROM information_schema.columns WHERE table_schema = 'tales' AND table_name = 'stories'"
				+ " AND column_name IN ('child_name', 'child_age', 'child_gender', 'child_interests')");

		assertThat(columns).hasSize(4).allSatisfy((column) -> assertThat(column.get("is_nullable")).isEqualTo("YES"));
		UUID story = insertStory(null, null);
		assertThat(this.jdbc.queryForObject(
				"SELECT child_name IS NULL AND child_interests IS NULL" + " FROM tales.stories WHERE id = ?",
				Boolean.class, story))
			.isTrue();
		deleteStory(story);
	}

	@Test
	void setsTheChildOfItsStoriesToNullWhenAChildIsDeleted() {
		String deleteRule = this.jdbc
			.queryForObject("SELECT confdeltype::text FROM pg_constraint WHERE conrelid = 'tales.stories'::regclass"
					+ " AND contype = 'f' AND confrelid = 'tales.children'::regclass", String.class);
		assertThat(deleteRule).isEqualTo("n");

		UUID child = this.jdbc.queryForObject(
				"INSERT INTO tales.children (name, age, gender) VALUES ('Snapshot', 5, 'girl') RETURNING id",
				UUID.class);
		UUID story = insertStory(child, null);
		this.jdbc.update("DELETE FROM tales.children WHERE id = ?", child);

		Map<String, Object> row = this.jdbc.queryForMap("SELECT child_id, child_name FROM tales.stories WHERE id = ?",
				story);
		assertThat(row.get("child_id")).isNull();
		assertThat(row.get("child_name")).isEqualTo("Snapshot");
		deleteStory(story);
	}

	@Test
	void rejectsAStoryWithAnUnknownChild() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertStory(UUID.randomUUID(), null));
	}

	@Test
	void checksTheRatingRange() {
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> insertStory(null, 11));
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> insertStory(null, 0));

		UUID rated = insertStory(null, 10);
		UUID lowest = insertStory(null, 1);
		assertThat(this.jdbc.queryForObject("SELECT rating FROM tales.stories WHERE id = ?", Integer.class, rated))
			.isEqualTo(10);
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.update("UPDATE tales.stories SET rating = 11 WHERE id = ?", rated));
		deleteStory(rated);
		deleteStory(lowest);
	}

	@Test
	void keepsTheIndexesOfTheOriginalSchema() {
		List<String> indexes = this.jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'tales'",
				String.class);

		assertThat(indexes).contains("idx_stories_child_name", "idx_stories_language", "idx_stories_rating",
				"idx_stories_created_at", "idx_stories_model_used", "idx_children_name");
	}

	@Test
	void runsEveryMigrationAgainWithoutChangingTheSchema() throws IOException {
		String before = schema();
		List<Resource> migrations = migrations();
		assertThat(migrations).hasSizeGreaterThanOrEqualTo(ORIGINAL_VERSIONS.size());

		for (Resource migration : migrations) {
			String sql = migration.getContentAsString(StandardCharsets.UTF_8);
			if (outsideATransaction(migration)) {
				// as Flyway runs it: one statement at a time, each committed
				statements(sql).forEach(this.jdbc::execute);
			}
			else {
				this.jdbc.execute(sql);
			}
		}

		assertThat(schema()).isEqualTo(before);
	}

	/** Everything about schema {@code tales} a migration could change, as text. */
	private String schema() {
		List<String> lines = new ArrayList<>();
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', table_name, column_name, ordinal_position,"
				+ " data_type, udt_name, is_nullable, column_default, character_maximum_length)"
				+ " FROM information_schema.columns WHERE table_schema = 'tales' ORDER BY 1", String.class));
		lines.addAll(this.jdbc.queryForList(
				"SELECT concat_ws(' | ', tablename, indexname, indexdef) FROM pg_indexes WHERE schemaname = 'tales' ORDER BY 1",
				String.class));
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', conrelid::regclass::text, conname, contype,"
				+ " pg_get_constraintdef(oid), convalidated) FROM pg_constraint"
				+ " WHERE connamespace = 'tales'::regnamespace ORDER BY 1", String.class));
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', tgrelid::regclass::text, tgname,"
				+ " pg_get_triggerdef(oid), tgenabled) FROM pg_trigger WHERE NOT tgisinternal"
				+ " AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'tales'::regnamespace) ORDER BY 1",
				String.class));
		lines.addAll(this.jdbc.queryForList("SELECT concat_ws(' | ', proname, pg_get_functiondef(oid)) FROM pg_proc"
				+ " WHERE pronamespace = 'tales'::regnamespace ORDER BY 1", String.class));
		assertThat(lines).isNotEmpty();
		return String.join("\n", lines);
	}

	/** Whether the migration's own Flyway settings say it runs outside a transaction. */
	private static boolean outsideATransaction(Resource migration) throws IOException {
		Resource settings = migration.createRelative(migration.getFilename() + ".conf");
		return settings.exists() && settings.getContentAsString(StandardCharsets.UTF_8)
			.lines()
			.anyMatch((line) -> line.replace(" ", "").equals("executeInTransaction=false"));
	}

	/**
	 * The statements of a migration: each ends with a line ending in {@code ;} outside a
	 * {@code $$} body; comment lines are left out. Enough for our migrations, not a SQL
	 * parser.
	 */
	private static List<String> statements(String sql) {
		List<String> statements = new ArrayList<>();
		StringBuilder statement = new StringBuilder();
		boolean inBody = false;
		for (String line : sql.lines().toList()) {
			if (!inBody && line.strip().startsWith("--")) {
				continue;
			}
			statement.append(line).append('\n');
			if ((line.split("\\$\\$", -1).length - 1) % 2 == 1) {
				inBody = !inBody;
			}
			if (!inBody && line.strip().endsWith(";")) {
				statements.add(statement.toString());
				statement.setLength(0);
			}
		}
		assertThat(statement.toString()).isBlank();
		return statements;
	}

	private static List<Resource> migrations() throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/*.sql");
		List<Resource> sorted = new ArrayList<>(Arrays.asList(files));
		sorted.sort(Comparator.comparing(Resource::getFilename));
		assertThat(sorted).isNotEmpty().allSatisfy((file) -> assertThat(file.getFilename()).startsWith("V"));
		return sorted;
	}

	private UUID insertStory(UUID childId, Integer rating) {
		return this.jdbc.queryForObject(
				"INSERT INTO tales.stories (title, content, moral, child_id, child_name, rating)"
						+ " VALUES ('A title', 'Once upon a time', 'Be kind', ?, ?, ?) RETURNING id",
				UUID.class, childId, (childId != null) ? "Snapshot" : null, rating);
	}

	private void deleteStory(UUID id) {
		this.jdbc.update("DELETE FROM tales.stories WHERE id = ?", id);
	}

}
