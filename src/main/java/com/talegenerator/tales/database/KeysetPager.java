package com.talegenerator.tales.database;

import com.talegenerator.tales.paging.Cursor;
import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.core.convert.EntityRowMapper;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.stereotype.Component;

/**
 * Reads one page of an aggregate's rows, newest first, with keyset pagination: the page
 * after a cursor is found by an index range scan on
 * {@code (…, created_at DESC, id DESC)}, so a deep page costs what the first one does.
 * Column and table names come from the mapping (the naming strategy), rows are read by
 * Spring Data's own row mapper or the caller's, or, for a sparse list, only the columns
 * asked for are selected and read into a map by property name.
 */
@Component
public class KeysetPager {

	private static final IdentifierProcessing QUOTING = JdbcPostgresDialect.INSTANCE.getIdentifierProcessing();

	/** The column of a searchable table that holds each row's words (V015). */
	private static final String SEARCH_VECTOR = "search_vector";

	private final NamedParameterJdbcOperations jdbc;

	private final RelationalMappingContext mappingContext;

	private final JdbcConverter converter;

	KeysetPager(NamedParameterJdbcOperations jdbc, RelationalMappingContext mappingContext, JdbcConverter converter) {
		this.jdbc = jdbc;
		this.mappingContext = mappingContext;
		this.converter = converter;
	}

	/**
	 * The rows of {@code type} that match every filter, newest first, after the page's
	 * cursor, read by Spring Data's generic row mapper.
	 */
	public <T> KeysetPage<T> page(Class<T> type, List<ListFilter> filters, PageQuery page) {
		return page(type, new EntityRowMapper<>(entity(type), this.converter), filters, page);
	}

	/**
	 * Like {@link #page(Class, List, PageQuery)}, the rows of {@code type}'s table read
	 * by {@code rowMapper} into whatever it makes of them (an aggregate, or straight into
	 * the representation the API answers with).
	 */
	public <T> KeysetPage<T> page(Class<?> type, RowMapper<T> rowMapper, List<ListFilter> filters, PageQuery page) {
		ListQuery query = query(type, filters, page);
		return run(query, page, rowMapper, position(entity(type)));
	}

	/**
	 * Like {@link #page}, but each row holds only the given properties (in that order),
	 * and only their columns are read: a list of titles does not fetch every story's
	 * text. A reference to another aggregate is shown by its id, as the API does.
	 * @param properties property names of {@code type}, none of them repeated
	 */
	public KeysetPage<Map<String, Object>> page(Class<?> type, List<ListFilter> filters, PageQuery page,
			List<String> properties) {
		RelationalPersistentEntity<?> entity = entity(type);
		List<RelationalPersistentProperty> selected = properties.stream()
			.map(entity::getRequiredPersistentProperty)
			.toList();
		ListQuery query = query(type, filters, page, properties);
		return run(query, page, sparseRowMapper(selected), position(entity));
	}

	/**
	 * Runs the query and reads up to a page of rows. The query asks for one row more than
	 * the page holds: if it comes, a next page exists, and it starts after the page's
	 * last row, whose position was read while that row was current. The extra row itself
	 * is not read.
	 */
	private <T> KeysetPage<T> run(ListQuery query, PageQuery page, RowMapper<T> rowMapper, Position position) {
		return Objects.requireNonNull(this.jdbc.query(query.sql(), query.parameters(), (ResultSet rs) -> {
			List<T> items = new ArrayList<>(Math.min(page.limit(), 64));
			@Nullable Cursor last = null;
			while (rs.next()) {
				if (items.size() == page.limit()) {
					return new KeysetPage<>(Collections.unmodifiableList(items), last);
				}
				items.add(rowMapper.mapRow(rs, items.size()));
				if (items.size() == page.limit()) {
					last = position.of(rs);
				}
			}
			return new KeysetPage<>(Collections.unmodifiableList(items), null);
		}));
	}

	/**
	 * Where the current row stands in the newest-first order, read from its own columns.
	 */
	private static Position position(RelationalPersistentEntity<?> entity) {
		String createdAt = entity.getRequiredPersistentProperty("createdAt").getColumnName().getReference();
		String id = entity.getRequiredIdProperty().getColumnName().getReference();
		return (rs) -> new Cursor(rs.getObject(createdAt, OffsetDateTime.class).toInstant(),
				rs.getObject(id, UUID.class));
	}

	/**
	 * The SQL and parameters {@link #page} runs; public so a test can EXPLAIN exactly
	 * that.
	 */
	public ListQuery query(Class<?> type, List<ListFilter> filters, PageQuery page) {
		return query(type, filters, page, List.of());
	}

	/**
	 * The SQL and parameters of a list of only {@code properties} (all columns when
	 * empty); the id and creation time are always selected, the cursor is made of them.
	 */
	public ListQuery query(Class<?> type, List<ListFilter> filters, PageQuery page, List<String> properties) {
		RelationalPersistentEntity<?> entity = entity(type);
		String createdAt = column(entity, "createdAt");
		String id = column(entity, entity.getRequiredIdProperty().getName());
		StringBuilder sql = new StringBuilder("SELECT ");
		if (properties.isEmpty()) {
			// the mapped columns, not *: a table may hold more than its aggregate shows
			// (a story's search vector is as long as its text)
			List<String> columns = new ArrayList<>();
			entity.forEach((property) -> columns.add(property.getColumnName().toSql(QUOTING)));
			sql.append(String.join(", ", columns));
		}
		else {
			sql.append(id).append(", ").append(createdAt);
			for (String property : properties) {
				String column = column(entity, property);
				if (!column.equals(id) && !column.equals(createdAt)) {
					sql.append(", ").append(column);
				}
			}
		}
		sql.append(" FROM ").append(entity.getQualifiedTableName().toSql(QUOTING));
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		int leading = leadingFilter(filters);
		String keyword = " WHERE ";
		for (int i = 0; i < filters.size(); i++) {
			ListFilter filter = filters.get(i);
			if (filter.operator() == ListFilter.Operator.MATCHES) {
				sql.append(keyword).append(matches((ListFilter.Words) filter.value(), "f" + i, parameters));
			}
			else {
				String column = column(entity, filter.property());
				sql.append(keyword)
					.append((i == leading) ? column + " = ANY (ARRAY[:f" + i + "])"
							: condition(filter.operator(), column, ":f" + i));
				parameters.addValue("f" + i, filter.value());
			}
			keyword = " AND ";
		}
		Cursor after = page.after();
		if (after != null) {
			sql.append(keyword)
				.append('(')
				.append(createdAt)
				.append(", ")
				.append(id)
				.append(") < (:afterCreatedAt, :afterId)");
			parameters.addValue("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC));
			parameters.addValue("afterId", after.id());
		}
		sql.append(" ORDER BY ");
		if (leading >= 0) {
			sql.append(column(entity, filters.get(leading).property())).append(", ");
		}
		sql.append(createdAt).append(" DESC, ").append(id).append(" DESC LIMIT :limit");
		parameters.addValue("limit", page.limit() + 1);
		return new ListQuery(sql.toString(), parameters.getValues());
	}

	/**
	 * The filter whose column leads the order, or -1: the first equality, unless the list
	 * is a search. Each such column leads an index {@code (column, created_at DESC, id
	 * DESC)} (V009, V012), and the page must come from that index. Written plainly
	 * ({@code language = 'ru'}), PostgreSQL often walks the newest-first index instead,
	 * skipping other rows: it judges how scattered an index's rows are by its first
	 * column alone, so the composite index looks like random reads. That walk passes
	 * every newer row of another value: after 25,000 newer English stories the first page
	 * of Russian ones took 14–60 ms instead of 1 (docs/performance.md). Written as
	 * {@code = ANY (ARRAY[…])} the value is no constant to the planner, so the column
	 * stays in the ORDER BY, and any other index would have to sort every matching row. A
	 * search keeps its plain form: its words choose the index (the search index or a
	 * filter's).
	 */
	private static int leadingFilter(List<ListFilter> filters) {
		if (filters.stream().anyMatch((filter) -> filter.operator() == ListFilter.Operator.MATCHES)) {
			return -1;
		}
		for (int i = 0; i < filters.size(); i++) {
			if (filters.get(i).operator() == ListFilter.Operator.EQUAL) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Reads the selected columns of a sparse row, each converted as Spring Data converts
	 * it for the entity.
	 */
	private RowMapper<Map<String, Object>> sparseRowMapper(List<RelationalPersistentProperty> selected) {
		return (ResultSet rs, int rowNumber) -> {
			Map<String, Object> values = new LinkedHashMap<>();
			for (RelationalPersistentProperty property : selected) {
				values.put(property.getName(), read(rs, property));
			}
			return values;
		};
	}

	private @Nullable Object read(ResultSet rs, RelationalPersistentProperty property) throws SQLException {
		Object value = this.converter.readValue(rs.getObject(property.getColumnName().getReference()),
				property.getTypeInformation());
		return (value instanceof AggregateReference<?, ?> reference) ? reference.getId() : value;
	}

	/**
	 * The SQL of one filter on {@code column} against the parameter {@code parameter}.
	 */
	private static String condition(ListFilter.Operator operator, String column, String parameter) {
		return switch (operator) {
			case EQUAL -> column + " = " + parameter;
			case AT_LEAST -> column + " >= " + parameter;
			case EQUAL_OR_NULL -> "(" + column + " = " + parameter + " OR " + column + " IS NULL)";
			case MATCHES -> throw new IllegalArgumentException("a search is written by matches()");
		};
	}

	/**
	 * The SQL of a search: the table's {@code search_vector} (V015: each row's words,
	 * read in its own language's configuration) against the query, parsed in that
	 * language's configuration when one is given, else in all of them
	 * ({@code tales.search_query}). Both sides are functions of the parameters only, so
	 * the GIN index answers it.
	 */
	private static String matches(ListFilter.Words words, String parameter, MapSqlParameterSource parameters) {
		parameters.addValue(parameter, words.query());
		if (words.language() == null) {
			return SEARCH_VECTOR + " @@ tales.search_query(:" + parameter + ")";
		}
		parameters.addValue(parameter + "Language", words.language());
		return SEARCH_VECTOR + " @@ websearch_to_tsquery(tales.text_search_config(:" + parameter + "Language), :"
				+ parameter + ")";
	}

	private <T> RelationalPersistentEntity<T> entity(Class<T> type) {
		@SuppressWarnings("unchecked")
		RelationalPersistentEntity<T> entity = (RelationalPersistentEntity<T>) this.mappingContext
			.getRequiredPersistentEntity(type);
		return entity;
	}

	private static String column(RelationalPersistentEntity<?> entity, String property) {
		return entity.getRequiredPersistentProperty(property).getColumnName().toSql(QUOTING);
	}

	/**
	 * A list query ready to run with named parameters.
	 *
	 * @param sql the statement
	 * @param parameters its named parameters
	 */
	public record ListQuery(String sql, Map<String, Object> parameters) {
	}

	/** Reads the position of a result set's current row. */
	@FunctionalInterface
	private interface Position {

		Cursor of(ResultSet rs) throws SQLException;

	}

}
