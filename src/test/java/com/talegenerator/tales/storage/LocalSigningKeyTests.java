package com.talegenerator.tales.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.talegenerator.tales.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalSigningKeyTests {

	@TempDir
	Path directory;

	@Test
	void makesARandomKeyReadableOnlyByTheServicesUser() throws IOException {
		Path storage = this.directory.resolve("not/there/yet");

		byte[] key = LocalSigningKey.load(null, storage);

		Path file = storage.resolve(".url-signing-key");
		assertThat(key).hasSize(32);
		assertThat(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII))).isEqualTo(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		// the temporary file it was written to is gone
		try (var files = Files.list(storage)) {
			assertThat(files.map((path) -> path.getFileName().toString())).containsExactly(".url-signing-key");
		}
	}

	@Test
	void keepsTheKeyAcrossStartsSoThatUrlsSurviveARestart() {
		byte[] first = LocalSigningKey.load(null, this.directory);
		byte[] second = LocalSigningKey.load("  ", this.directory);

		assertThat(second).isEqualTo(first);
		assertThat(LocalSigningKey.load(null, this.directory.resolve("other"))).isNotEqualTo(first);
	}

	@Test
	void usesTheConfiguredKeyAndMakesNoFile() throws IOException {
		String configured = "c2lnbmluZy1rZXktZm9yLXRoZS10YWxlcy1zZXJ2aWNlIQ==";

		byte[] key = LocalSigningKey.load(configured + "\n", this.directory);

		// its text as it is (an operator may set any string), the newline of an
		// environment variable left out
		assertThat(key).isEqualTo(configured.getBytes(StandardCharsets.UTF_8));
		try (var files = Files.list(this.directory)) {
			assertThat(files).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "short", "thirty-one bytes, one too few!!" })
	void refusesAConfiguredKeyShorterThanTheMac(String configured) {
		assertThat(configured.getBytes(StandardCharsets.UTF_8).length).isLessThan(32);

		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LocalSigningKey.load(configured, this.directory))
			.withMessageContaining("TALES_MEDIA_SIGNING_KEY")
			.withMessageContaining("32 bytes")
			.withMessageNotContaining(configured);
	}

	@Test
	void acceptsAConfiguredKeyOfThirtyTwoBytes() {
		String configured = "thirty-two bytes, just enough!!!";

		assertThat(LocalSigningKey.load(configured, this.directory)).hasSize(32);
	}

	@ParameterizedTest
	@ValueSource(strings = { "c2hvcnQ=", "not base64 at all!" })
	void refusesAKeptKeyThatIsTooShortOrUnreadable(String content) throws IOException {
		Files.writeString(this.directory.resolve(".url-signing-key"), content);

		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LocalSigningKey.load(null, this.directory))
			.withMessageContaining(".url-signing-key");
	}

	@Test
	void saysWhatToDoWhenTheKeyCannotBeMade() throws IOException {
		Path notADirectory = Files.writeString(this.directory.resolve("file"), "x");

		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LocalSigningKey.load(null, notADirectory))
			.withMessageContaining("TALES_MEDIA_SIGNING_KEY");
	}

}
