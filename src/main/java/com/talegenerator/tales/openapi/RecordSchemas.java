package com.talegenerator.tales.openapi;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads from our request and response records what springdoc does not: jspecify's
 * {@code @Nullable} (a type-use annotation swagger-core cannot see) makes a property
 * nullable ({@code type: [string, "null"]}) and optional, everything else is required; a
 * {@link JsonNode} is any JSON value, not an object; {@code @NotBlank} means at least one
 * character above U+0020, which Hibernate Validator's {@code trim()} would keep; and the
 * response fields a request record ignores ({@link JsonIgnoreProperties}) are listed as
 * read-only, so that {@code additionalProperties: false} still lets a client send back
 * what it read.
 */
class RecordSchemas implements ModelConverter {

	/** A string that is not blank in Hibernate Validator's sense. */
	static final String NOT_BLANK = "[^\\u0000-\\u0020]";

	private static final String ANY_JSON = "Any JSON value, kept as sent";

	private static final String PACKAGE = "com.talegenerator.tales";

	@Override
	public @Nullable Schema<?> resolve(AnnotatedType type, ModelConverterContext context,
			Iterator<ModelConverter> chain) {
		Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		Class<?> raw = Json31.mapper().constructType(type.getType()).getRawClass();
		if (resolved == null || !raw.isRecord() || !raw.getPackageName().startsWith(PACKAGE)) {
			return resolved;
		}
		Schema<?> model = (resolved.get$ref() != null)
				? context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1))
				: resolved;
		if (model != null && model.getProperties() != null) {
			describe(raw, model);
		}
		return resolved;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void describe(Class<?> record, Schema model) {
		Map<String, Schema> properties = new LinkedHashMap<>(model.getProperties());
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			String name = component.getName();
			Schema property = properties.get(name);
			if (property == null) {
				continue;
			}
			boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
			io.swagger.v3.oas.annotations.media.Schema declared = annotation(record, component,
					io.swagger.v3.oas.annotations.media.Schema.class);
			boolean optional = nullable || (declared != null
					&& declared.requiredMode() == io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED);
			if (JsonNode.class.isAssignableFrom(component.getType())) {
				// any JSON value, null included: no type at all
				property = new JsonSchema().description(ANY_JSON);
			}
			else {
				if (isAnnotated(record, component, NotBlank.class)) {
					property.setMinLength(Math.max(1, (property.getMinLength() != null) ? property.getMinLength() : 0));
					property.setPattern(NOT_BLANK);
				}
				dropZeroMinimum(property);
				if (property.getItems() != null) {
					dropZeroMinimum(property.getItems());
				}
				if (nullable) {
					property = orNull(property);
				}
			}
			if (!optional) {
				required.add(name);
			}
			properties.put(name, property);
		}
		JsonIgnoreProperties ignored = record.getAnnotation(JsonIgnoreProperties.class);
		if (ignored != null) {
			for (String name : ignored.value()) {
				properties.putIfAbsent(name,
						new JsonSchema().readOnly(true).description("Set by the server: ignored when sent"));
			}
		}
		model.setProperties(properties);
		model.setRequired(required.isEmpty() ? null : required);
	}

	/** {@code @Size(min = 0)} is the default, and reads as if blank were allowed. */
	@SuppressWarnings("rawtypes")
	private static void dropZeroMinimum(Schema property) {
		if (Integer.valueOf(0).equals(property.getMinLength())) {
			property.setMinLength(null);
		}
		if (Integer.valueOf(0).equals(property.getMinItems())) {
			property.setMinItems(null);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Schema orNull(Schema property) {
		if (property.get$ref() != null) {
			// a reference cannot take a second type: either the referenced schema or null
			return new JsonSchema()
				.oneOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().types(Set.of("null"))));
		}
		if (property.getTypes() != null && !property.getTypes().contains("null")) {
			property.addType("null");
		}
		else if (property.getTypes() == null && property.getType() != null) {
			property.types(new LinkedHashSet<>(List.of(property.getType(), "null")));
		}
		return property;
	}

	private static boolean isAnnotated(Class<?> record, RecordComponent component,
			Class<? extends Annotation> annotation) {
		return annotation(record, component, annotation) != null;
	}

	private static <A extends Annotation> @Nullable A annotation(Class<?> record, RecordComponent component,
			Class<A> annotation) {
		for (AnnotatedElement element : elements(record, component)) {
			A found = element.getAnnotation(annotation);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/** Where a record component's annotations end up, as their targets allow. */
	private static List<AnnotatedElement> elements(Class<?> record, RecordComponent component) {
		List<AnnotatedElement> elements = new ArrayList<>(List.of(component, component.getAccessor()));
		try {
			elements.add(record.getDeclaredField(component.getName()));
		}
		catch (NoSuchFieldException ex) {
			// every record component has its field
		}
		elements.add(component.getAnnotatedType());
		return elements;
	}

}
