package com.talegenerator.tales.storage;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns a client's file name into the last segment of an object path: its base name only
 * (no directories, so no way out of the story's folder), only ASCII letters, digits,
 * {@code .}, {@code _} and {@code -} (Supabase refuses most other characters in object
 * keys), no leading dots, at most {@value #MAX_LENGTH} characters with the extension
 * kept.
 */
public final class SafeFileName {

	static final int MAX_LENGTH = 100;

	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

	private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+");

	private SafeFileName() {
	}

	/**
	 * The safe form of {@code original}, or {@code fallback} when nothing usable is left.
	 * {@code ../../x.mp3} gives {@code x.mp3}; {@code märchen 1.mp3} gives
	 * {@code m_rchen_1.mp3}.
	 */
	public static String of(@Nullable String original, String fallback) {
		if (original == null) {
			return fallback;
		}
		String base = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
		String safe = LEADING_DOTS.matcher(UNSAFE.matcher(base).replaceAll("_")).replaceFirst("");
		if (safe.chars().noneMatch(Character::isLetterOrDigit)) {
			return fallback;
		}
		if (safe.length() > MAX_LENGTH) {
			int dot = safe.lastIndexOf('.');
			String extension = (dot > 0 && safe.length() - dot <= 10) ? safe.substring(dot) : "";
			safe = safe.substring(0, MAX_LENGTH - extension.length()) + extension;
		}
		return safe;
	}

}
