package com.talegenerator.tales.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import com.talegenerator.tales.settings.InvalidSettingException;

/**
 * The key local storage signs its URLs with: {@code TALES_MEDIA_SIGNING_KEY} when set
 * (several instances must share it), else a random key made on the first start and kept
 * beside the files, readable by the service's user only, so that URLs survive a restart.
 */
final class LocalSigningKey {

	/** HS256's own key size: a shorter key is easier to guess than the MAC. */
	static final int MIN_BYTES = 32;

	static final String FILE_NAME = ".url-signing-key";

	private LocalSigningKey() {
	}

	/**
	 * @param configured the key's text, if set
	 * @param directory local storage's root directory
	 * @throws InvalidSettingException if the configured key is too short
	 */
	static byte[] load(@Nullable String configured, Path directory) {
		if (configured != null && !configured.isBlank()) {
			byte[] key = configured.strip().getBytes(StandardCharsets.UTF_8);
			if (key.length < MIN_BYTES) {
				throw new InvalidSettingException(
						"TALES_MEDIA_SIGNING_KEY (tales.storage.media.signing-key) must be at " + "least " + MIN_BYTES
								+ " bytes long, e.g. the output of: openssl rand -base64 32");
			}
			return key;
		}
		Path file = directory.toAbsolutePath().normalize().resolve(FILE_NAME);
		try {
			Files.createDirectories(file.getParent());
			if (!Files.exists(file)) {
				create(file);
			}
			byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
			if (key.length < MIN_BYTES) {
				throw new InvalidSettingException("The URL signing key in " + file + " is too short: delete the file "
						+ "to have a new one made (URLs signed with the old one stop working)");
			}
			return key;
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new InvalidSettingException("The URL signing key in " + file + " cannot be read or made (" + ex
					+ "): fix the directory's permissions, or set TALES_MEDIA_SIGNING_KEY");
		}
	}

	/** Writes a new key; an instance that started at the same moment may win. */
	private static void create(Path file) throws IOException {
		byte[] key = new byte[MIN_BYTES];
		new SecureRandom().nextBytes(key);
		Path temporary = Files.createTempFile(file.getParent(), ".url-signing-key-", ".part");
		try {
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system (Windows): its default ACL applies
			}
			Files.writeString(temporary, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII,
					StandardOpenOption.TRUNCATE_EXISTING);
			// a link, not a move: it fails if another instance made the key meanwhile
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			// the other instance's key is the one
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
