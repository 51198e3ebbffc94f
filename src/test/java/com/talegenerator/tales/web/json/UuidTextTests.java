package com.talegenerator.tales.web.json;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UuidTextTests {

	private static final String ID = "0b8f4b9e-6c3a-4a57-9d7e-2f1c0a6b5e41";

	@Test
	void readsTheCanonicalFormInEitherCase() {
		assertThat(UuidText.isCanonical(ID)).isTrue();
		assertThat(UuidText.isCanonical(ID.toUpperCase())).isTrue();
		assertThat(UuidText.isCanonical(UUID.randomUUID().toString())).isTrue();
		assertThat(UuidText.isCanonical("0B8F4B9E-6c3a-4A57-9d7e-2F1C0A6B5E41")).isTrue();
	}

	@Test
	void readsNothingElse() {
		assertThat(UuidText.isCanonical(ID.substring(1))).isFalse();
		assertThat(UuidText.isCanonical(ID + "0")).isFalse();
		assertThat(UuidText.isCanonical("1-1-1-1-1")).isFalse();
		assertThat(UuidText.isCanonical(ID.replace('-', '_'))).isFalse();
		assertThat(UuidText.isCanonical(ID.replace('a', 'g'))).isFalse();
		// digits of another script, which Character.digit would read
		assertThat(UuidText.isCanonical(ID.replace('0', '\u0660'))).isFalse();
		assertThat(UuidText.isCanonical("")).isFalse();
	}

}
