package com.talegenerator.tales.web.etag;

import com.talegenerator.tales.web.problem.InvalidFieldException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code If-Match} precondition of a write (RFC 9110, 13.1.1): absent (the last
 * writer wins), {@code *} (any current version) or a list of entity tags, one of which
 * must name the resource's current version (strong comparison of the version part of the
 * {@link ETags ETag}, whatever representation the tag was read with: a weak tag never
 * matches). Services check it on the row they have locked for the write, so two writers
 * holding the same tag cannot both pass.
 */
public final class IfMatch {

	/** No {@code If-Match}: the write happens whatever the current version. */
	public static final IfMatch NONE = new IfMatch(false, List.of());

	/** {@code If-Match: *}: any current version; only a missing row fails (404). */
	private static final IfMatch ANY = new IfMatch(true, List.of());

	private static final String FIELD = "If-Match";

	private final boolean any;

	/**
	 * The versions of the strong tags (their text before any dot); weak ones are left out
	 * since they never match.
	 */
	private final List<String> tags;

	private IfMatch(boolean any, List<String> tags) {
		this.any = any;
		this.tags = tags;
	}

	/**
	 * The precondition of a request's {@code If-Match} header ({@code null}: none;
	 * several headers joined by commas).
	 * @throws InvalidFieldException if the header is neither {@code *} nor a list of
	 * entity tags: a client that sent one meant a condition, and a 412 would send it to
	 * read and retry in vain
	 */
	public static IfMatch parse(@Nullable String header) {
		if (header == null) {
			return NONE;
		}
		if (header.strip().equals("*")) {
			return ANY;
		}
		List<String> tags = new ArrayList<>();
		int i = 0;
		int tagsSeen = 0;
		while (i < header.length()) {
			char c = header.charAt(i);
			if (c == ' ' || c == '\t' || c == ',') {
				i++;
				continue;
			}
			boolean weak = header.startsWith("W/", i);
			int open = weak ? i + 2 : i;
			int close = (open < header.length() && header.charAt(open) == '"') ? header.indexOf('"', open + 1) : -1;
			if (close < 0 || !isOpaqueTag(header, open + 1, close)) {
				throw malformed();
			}
			if (!weak) {
				tags.add(ETags.versionOf(header.substring(open + 1, close)));
			}
			tagsSeen++;
			i = close + 1;
			while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
				i++;
			}
			// tags are separated by commas (RFC 9110, 5.6.1)
			if (i < header.length() && header.charAt(i) != ',') {
				throw malformed();
			}
		}
		if (tagsSeen == 0) {
			throw malformed();
		}
		return new IfMatch(false, List.copyOf(tags));
	}

	/** Whether the request carried a precondition at all. */
	public boolean present() {
		return this != NONE;
	}

	/**
	 * Passes if the precondition holds for the current version {@code updatedAt}.
	 * @throws org.springframework.web.ErrorResponseException 412, with the current ETag,
	 * if it does not
	 */
	public void check(Instant updatedAt) {
		if (this == NONE || this.any) {
			return;
		}
		if (!this.tags.contains(ETags.version(updatedAt))) {
			throw new PreconditionFailedException(ETags.of(updatedAt));
		}
	}

	/** etagc: any visible ASCII but {@code "}, or non-ASCII (obs-text). */
	private static boolean isOpaqueTag(String header, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = header.charAt(i);
			if (c < 0x21 || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static InvalidFieldException malformed() {
		return new InvalidFieldException(FIELD, "must be * or a list of entity tags such as \"5f1e2d3c4b5a6\"");
	}

}
