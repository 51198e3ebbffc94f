package com.talegenerator.tales.web.json;

import java.beans.PropertyEditorSupport;
import java.util.UUID;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Ids in paths and query parameters must be UUIDs as RFC 9562 writes them (either case:
 * {@link UuidText}). Spring's own conversion ends in {@link UUID#fromString}, which also
 * reads forms such as {@code 1-1-1-1-1}, and so answers 404 where API.md asks for 400. An
 * editor registered on the binder comes first, before Spring's converter and its default
 * editor.
 */
@ControllerAdvice
class StrictUuidBinding {

	@InitBinder
	void strictUuids(WebDataBinder binder) {
		binder.registerCustomEditor(UUID.class, new StrictUuidEditor());
	}

	static final class StrictUuidEditor extends PropertyEditorSupport {

		/** Like Spring's own editor, no text at all is no value. */
		@Override
		public void setAsText(String text) {
			String trimmed = text.trim();
			if (trimmed.isEmpty()) {
				setValue(null);
				return;
			}
			if (!UuidText.isCanonical(trimmed)) {
				throw new IllegalArgumentException("not a UUID");
			}
			setValue(UUID.fromString(trimmed));
		}

		@Override
		public String getAsText() {
			Object value = getValue();
			return (value != null) ? value.toString() : "";
		}

	}

}
