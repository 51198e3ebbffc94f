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
		EQUAL_OR_NULL

	}

	/** Collects the conditions of the parameters a client actually sent. */
	public static final class Builder {

		private final List<ListFilter> filters = new ArrayList<>();

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

		public List<ListFilter> build() {
			return Collections.unmodifiableList(this.filters);
		}

	}

	public static Builder where() {
		return new Builder();
	}

}
