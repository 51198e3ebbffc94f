package com.talegenerator.tales.story;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.child.Child;
import com.talegenerator.tales.web.json.Utf8Text;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Reads a row of {@code tales.stories} into a {@link Story} column by column. Stories are
 * read on every hot path (one story, a page of fifty), and Spring Data's generic mapping
 * spent more time converting a page's thousand values than the database took to find
 * them; this mapper asks the driver for each value in its final type instead, and keeps
 * the story's text in the UTF-8 the database sent ({@link Utf8Text}).
 */
@Component
class StoryRowMapper implements RowMapper<Story> {

	private final JsonMapper jsonMapper;

	StoryRowMapper(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Story mapRow(ResultSet rs, int rowNumber) throws SQLException {
		UUID childId = rs.getObject("child_id", UUID.class);
		return new Story(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("title"),
				Utf8Text.ofUtf8(rs.getBytes("content")), rs.getString("moral"),
				(childId != null) ? AggregateReference.<Child, UUID>to(childId) : null, rs.getString("child_name"),
				integer(rs, "child_age"), rs.getString("child_gender"), strings(rs.getArray("child_interests")),
				rs.getString("model_used"), json(rs.getString("full_response")), json(rs.getString("generation_info")),
				rs.getString("language"), integer(rs, "story_length"), integer(rs, "rating"),
				rs.getString("audio_file_url"), rs.getString("audio_provider"),
				json(rs.getString("audio_generation_metadata")), rs.getString("thumbnail_url"),
				instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	/** A {@code text[]}; an element may be NULL in an adopted database, so no List.of. */
	private static @Nullable List<String> strings(@Nullable Array array) throws SQLException {
		if (array == null) {
			return null;
		}
		try {
			return Collections.unmodifiableList(Arrays.asList((String[]) array.getArray()));
		}
		finally {
			array.free();
		}
	}

	private @Nullable JsonNode json(@Nullable String jsonb) {
		return (jsonb != null) ? this.jsonMapper.readTree(jsonb) : null;
	}

}
