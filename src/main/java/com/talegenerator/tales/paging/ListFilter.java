package com.talegenerator.tales.paging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One condition of a list query on an aggregate property (not a column: the column name
 * comes from the mapping). Conditions combine with AND.
 *
 * @param property the aggregate's property name, e.g. {@code childName}
 * @param operator how the column is compared with the value
 * @param value what it is compared with
 */
public record ListFilter(String property, Operator operator, Object value) {

	/** The comparisons the API's filters need. */
	public enum Operator {

		EQUAL, AT_LEAST,

		/** The value, or no value at all: a user's own rows plus the shared ones. */
		EQUAL_OR_NULL,

		/**
		 * The row's words match a web-search query (a {@link Words} value); the property
		 * names nothing: the words are the table's own (its search vector).
		 */
		MATCHES

	}

	/**
	 * A web-search query ({@code "a phrase"}, {@code -word}, {@code or}) and the language
	 * it is read in; without one, in every language a row can be written in.
	 *
	 * @param query what the client typed
	 * @param language ISO 639-1 code, or {@code null}: any
	 */
	public record Words(String query, @Nullable String language) {
	}

	/** Collects the conditions of the parameters a client actually sent. */
	public static final class Builder {

		private final List<ListFilter> filters = new ArrayList<>();

		/**
		 * The property equals the value. The first equality of a list that is not a
		 * search names the index its page is read from ({@code KeysetPager}): add the
		 * narrowest scope first (the family before a language).
		 */
		public Builder equal(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new ListFilter(property, Operator.EQUAL, value));
			}
			return this;
		}

		public Builder equalOrNull(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new ListFilter(property, Operator.EQUAL_OR_NULL, value));
			}
			return this;
		}

		public Builder atLeast(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new ListFilter(property, Operator.AT_LEAST, value));
			}
			return this;
		}

		/**
		 * Rows whose words match {@code query}, read in {@code language} only when one is
		 * given; no condition without a query.
		 */
		public Builder matches(@Nullable String query, @Nullable String language) {
			if (query != null) {
				this.filters.add(new ListFilter("words", Operator.MATCHES, new Words(query, language)));
			}
			return this;
		}

		public List<ListFilter> build() {
			return Collections.unmodifiableList(this.filters);
		}

	}

	public static Builder where() {
		return new Builder();
	}

}
