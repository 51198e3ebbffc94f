package com.talegenerator.tales.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;

/**
 * The example of every schema, from {@code openapi/examples.json}: one story, child, hero
 * and request, the same ones the README walks through. The description's test validates
 * each against its schema, so an example cannot drift from what the server answers.
 */
final class Examples {

	static final String RESOURCE = "openapi/examples.json";

	/** The id that paths of examples name, e.g. {@code /stories/{id}}. */
	static final String EXAMPLE_ID = "8f14e45f-ceea-467a-9b8c-4f3a2b1c0d9e";

	private final Map<String, Object> bySchema;

	private Examples(Map<String, Object> bySchema) {
		this.bySchema = bySchema;
	}

	static Examples load() {
		JsonMapper json = JsonMapper.builder().build();
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			JsonNode examples = json.readTree(in);
			Map<String, Object> bySchema = new LinkedHashMap<>();
			examples.properties()
				.forEach((entry) -> bySchema.put(entry.getKey(), json.convertValue(entry.getValue(), Object.class)));
			return new Examples(bySchema);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + RESOURCE, ex);
		}
	}

	/**
	 * The example of the named schema.
	 * @throws IllegalStateException if it has none: every body has an example
	 */
	Object of(String schema) {
		Object example = this.bySchema.get(schema);
		if (example == null) {
			throw new IllegalStateException(RESOURCE + " has no example of " + schema);
		}
		return example;
	}

	/** A problem as the server writes it for this status. */
	static Map<String, Object> problem(int status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", HttpStatus.valueOf(status).getReasonPhrase());
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", instance);
		return problem;
	}

	/** A path of the template with an example id in each variable. */
	static String instance(String pathTemplate) {
		return pathTemplate.replaceAll("\\{[^}]*[iI]d}", EXAMPLE_ID)
			.replace("{folder}", "stories")
			.replace("{fileName}", "story.mp3");
	}

}
