package com.talegenerator.tales.paging;

import com.talegenerator.tales.web.problem.InvalidFieldException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@code fields=} parameter of a list endpoint: which of a resource's fields each
 * item carries, so that a list view need not download every story's text. The names a
 * client may ask for are those of the resource's response record, read once when the
 * controller is loaded.
 */
public final class SparseFields {

	/** The query parameter's name. */
	public static final String PARAMETER = "fields";

	/** What the OpenAPI description says of the parameter. */
	public static final String DESCRIPTION = "Comma-separated fields each item carries, e.g. id,title,createdAt; "
			+ "only those columns are read. All fields when absent; an unknown name is a 400.";

	private final String resource;

	private final List<String> names;

	private SparseFields(String resource, List<String> names) {
		this.resource = resource;
		this.names = names;
	}

	/**
	 * The fields of {@code response}, in declaration order.
	 * @param resource the resource's name in error messages, e.g. {@code story}
	 */
	public static SparseFields of(Class<? extends Record> response, String resource) {
		return new SparseFields(resource,
				Arrays.stream(response.getRecordComponents()).map(RecordComponent::getName).toList());
	}

	/** Every field the resource has, in the order a full item shows them. */
	public List<String> names() {
		return this.names;
	}

	/**
	 * The fields a request asks for, in the resource's order; empty when it does not ask
	 * (every field). Names are separated by commas, blanks around them are ignored.
	 * @throws InvalidFieldException for an empty or unknown name (400)
	 */
	public List<String> select(@Nullable String fields) {
		if (fields == null) {
			return List.of();
		}
		Set<String> asked = new LinkedHashSet<>();
		for (String name : fields.split(",", -1)) {
			String trimmed = name.strip();
			if (trimmed.isEmpty()) {
				throw new InvalidFieldException(PARAMETER, "must be field names separated by commas, such as id,title");
			}
			if (!this.names.contains(trimmed)) {
				throw new InvalidFieldException(PARAMETER, "unknown field '" + shorten(trimmed) + "'; a "
						+ this.resource + " has " + String.join(", ", this.names));
			}
			asked.add(trimmed);
		}
		return this.names.stream().filter(asked::contains).toList();
	}

	/** An unknown name is echoed, but not a megabyte of it. */
	private static String shorten(String name) {
		return (name.length() <= 64) ? name : name.substring(0, 64) + "…";
	}

}
