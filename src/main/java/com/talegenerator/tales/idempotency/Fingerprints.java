package com.talegenerator.tales.idempotency;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 fingerprints of request bodies. A JSON body's is of its bytes. An upload's is
 * of its form: the fields (sorted by name), the file part's name and type, then the
 * file's bytes, so it can be computed while the file streams to storage and, for a retry,
 * from the retry's own parts, with the same result.
 */
final class Fingerprints {

	/** The form part that carries an upload's file (every upload form's). */
	static final String FILE_PART = "file";

	private Fingerprints() {
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** A digest holding the upload form's fields, ready for the file's bytes. */
	static MessageDigest uploadFields(HttpServletRequest request) throws IOException, ServletException {
		MessageDigest digest = sha256();
		Map<String, String[]> fields = new TreeMap<>(request.getParameterMap());
		fields.forEach((name, values) -> {
			for (String value : values) {
				update(digest, "field", name, value);
			}
		});
		Part file = request.getPart(FILE_PART);
		if (file != null) {
			update(digest, "file", file.getSubmittedFileName(), file.getContentType());
		}
		return digest;
	}

	/** A retried upload's fingerprint, read from its parts (no storage involved). */
	static byte[] upload(HttpServletRequest request) throws IOException, ServletException {
		MessageDigest digest = uploadFields(request);
		Part file = request.getPart(FILE_PART);
		if (file != null) {
			try (InputStream content = file.getInputStream()) {
				update(digest, content);
			}
		}
		return digest.digest();
	}

	static void update(MessageDigest digest, InputStream content) throws IOException {
		byte[] buffer = new byte[8192];
		for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
			digest.update(buffer, 0, read);
		}
	}

	/** Each value with its length first, so no two forms run together into one. */
	private static void update(MessageDigest digest, @Nullable String... values) {
		List<byte[]> parts = new ArrayList<>();
		for (String value : values) {
			parts.add((value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0]);
		}
		for (byte[] part : parts) {
			digest.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
			digest.update((byte) ':');
			digest.update(part);
		}
	}

}
