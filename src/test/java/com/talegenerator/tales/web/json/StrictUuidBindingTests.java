package com.talegenerator.tales.web.json;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StrictUuidBindingTests {

	private final StrictUuidBinding.StrictUuidEditor editor = new StrictUuidBinding.StrictUuidEditor();

	@Test
	void readsACanonicalUuidInEitherCase() {
		UUID id = UUID.randomUUID();

		this.editor.setAsText(id.toString());
		assertThat(this.editor.getValue()).isEqualTo(id);
		assertThat(this.editor.getAsText()).isEqualTo(id.toString());

		this.editor.setAsText(id.toString().toUpperCase());
		assertThat(this.editor.getValue()).isEqualTo(id);
	}

	@Test
	void readsNoTextAsNoValue() {
		this.editor.setValue(UUID.randomUUID());

		this.editor.setAsText("  ");

		assertThat(this.editor.getValue()).isNull();
		assertThat(this.editor.getAsText()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1-1-1-1-1", "0b6f3c1e8-d2a-4f5b-9c7d-1e2f3a4b5c6d", "0b6f3c1e8d2a4f5b9c7d1e2f3a4b5c6d",
			"{0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d}", "0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6", "not-a-uuid",
			"0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6g", "0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d0" })
	void rejectsEverythingElse(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.editor.setAsText(text));
	}

}
