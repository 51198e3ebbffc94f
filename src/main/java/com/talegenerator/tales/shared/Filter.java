package com.talegenerator.tales.shared;

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
public record Filter(String property, Operator operator, Object value) {

	/** The comparisons the API's filters need. */
	public enum Operator {

		EQUAL("%1$s = %2$s"), AT_LEAST("%1$s >= %2$s"),

		/** The value, or no value at all: a user's own rows plus the shared ones. */
		EQUAL_OR_NULL("(%1$s = %2$s OR %1$s IS NULL)");

		private final String template;

		Operator(String template) {
			this.template = template;
		}

		/** The condition on {@code column} against the parameter {@code parameter}. */
		String sql(String column, String parameter) {
			return this.template.formatted(column, parameter);
		}

	}

	/** Collects the conditions of the parameters a client actually sent. */
	public static final class Builder {

		private final List<Filter> filters = new ArrayList<>();

		public Builder equal(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new Filter(property, Operator.EQUAL, value));
			}
			return this;
		}

		public Builder equalOrNull(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new Filter(property, Operator.EQUAL_OR_NULL, value));
			}
			return this;
		}

		public Builder atLeast(String property, @Nullable Object value) {
			if (value != null) {
				this.filters.add(new Filter(property, Operator.AT_LEAST, value));
			}
			return this;
		}

		public List<Filter> build() {
			return Collections.unmodifiableList(this.filters);
		}

	}

	public static Builder where() {
		return new Builder();
	}

}
