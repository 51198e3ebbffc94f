package com.talegenerator.tales.story;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.talegenerator.tales.database.KeysetPager;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * {@link StoryRepositoryCustom} on Spring's JDBC template: no transaction around the
 * reads, and the insert asks only for the new id back.
 */
class StoryRepositoryCustomImpl implements StoryRepositoryCustom {

	private static final String BY_ID = "SELECT " + StoryRepository.COLUMNS + " FROM tales.stories WHERE id = :id";

	/** Two statements rather than an {@code IS NULL OR}: each gets its own plain plan. */
	private static final String BY_ID_AND_OWNER = BY_ID + " AND user_id = :owner";

	/**
	 * Every column a new story sets; the database gives its id. Spring Data's own insert
	 * asked the driver for every column back ({@code RETURNING *}: the story's text a
	 * second time) and then threw and caught an exception to find the id among them.
	 */
	private static final String INSERT = """
			INSERT INTO tales.stories (user_id, title, content, moral, child_id, child_name, child_age,
			                           child_gender, child_interests, model_used, full_response, generation_info,
			                           language, story_length, rating, created_at, updated_at)
			VALUES (:userId, :title, :content, :moral, :childId, :childName, :childAge,
			        :childGender, :childInterests, :modelUsed, CAST(:fullResponse AS jsonb), CAST(:generationInfo AS jsonb),
			        :language, :storyLength, :rating, :createdAt, :updatedAt)
			RETURNING id""";

	private final NamedParameterJdbcOperations jdbc;

	private final KeysetPager pager;

	private final StoryRowMapper rows;

	private final JsonMapper jsonMapper;

	StoryRepositoryCustomImpl(NamedParameterJdbcOperations jdbc, KeysetPager pager, StoryRowMapper rows,
			JsonMapper jsonMapper) {
		this.jdbc = jdbc;
		this.pager = pager;
		this.rows = rows;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Story insert(Story story) {
		Map<String, @Nullable Object> values = new HashMap<>();
		values.put("userId", story.userId());
		values.put("title", story.title());
		values.put("content", story.content().toString());
		values.put("moral", story.moral());
		values.put("childId", (story.childId() != null) ? story.childId().getId() : null);
		values.put("childName", story.childName());
		values.put("childAge", story.childAge());
		values.put("childGender", story.childGender());
		// an array, not a List: the template would expand a List into a list of
		// parameters
		values.put("childInterests",
				(story.childInterests() != null) ? story.childInterests().toArray(String[]::new) : null);
		values.put("modelUsed", story.modelUsed());
		values.put("fullResponse", json(story.fullResponse()));
		values.put("generationInfo", json(story.generationInfo()));
		values.put("language", story.language());
		values.put("storyLength", story.storyLength());
		values.put("rating", story.rating());
		values.put("createdAt", story.createdAt().atOffset(ZoneOffset.UTC));
		values.put("updatedAt", story.updatedAt().atOffset(ZoneOffset.UTC));
		UUID id = this.jdbc.queryForObject(INSERT, values, UUID.class);
		return story.withId(Objects.requireNonNull(id));
	}

	private @Nullable String json(@Nullable JsonNode value) {
		return (value != null) ? this.jsonMapper.writeValueAsString(value) : null;
	}

	@Override
	public Optional<Story> findById(UUID id, @Nullable UUID owner) {
		List<Story> found = (owner != null)
				? this.jdbc.query(BY_ID_AND_OWNER, Map.of("id", id, "owner", owner), this.rows)
				: this.jdbc.query(BY_ID, Map.of("id", id), this.rows);
		return found.stream().findFirst();
	}

	@Override
	public KeysetPage<Story> page(List<ListFilter> filters, PageQuery page) {
		return this.pager.page(Story.class, this.rows, filters, page);
	}

	@Override
	public KeysetPage<Map<String, Object>> page(List<ListFilter> filters, PageQuery page, List<String> fields) {
		return this.pager.page(Story.class, filters, page, fields);
	}

}
