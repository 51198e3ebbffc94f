package com.talegenerator.tales.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.util.UriUtils;

/**
 * The URLs clients get for stored files. A row keeps the public URL its file was stored
 * at, with the file's version in the query ({@code ?v=…}); what a response shows depends
 * on {@code TALES_MEDIA_ACCESS}:
 * <ul>
 * <li>{@code public}: that URL, as it is;</li>
 * <li>{@code signed}: a signed URL of the same object, valid for
 * {@code TALES_MEDIA_URL_TTL}, with the version appended so that a replaced file never
 * has the URL of the one before. The object is found from the kept URL's path
 * ({@code …/object/public/{bucket}/{path}}), so the public Supabase URLs of an adopted
 * database work too; a URL of any other shape is not ours to sign and is shown as it
 * is.</li>
 * </ul>
 * All the URLs of one response are signed together: one call to storage for a list page
 * at most, none where the service signs them itself. When storage cannot sign them, the
 * response shows {@code null} rather than failing.
 */
public class MediaLinks {

	private static final Logger log = LoggerFactory.getLogger(MediaLinks.class);

	private final ObjectStorage storage;

	private final String publicMarker;

	private final boolean signed;

	private final Duration ttl;

	private final Clock clock;

	MediaLinks(ObjectStorage storage, String bucket, StorageProperties.Media media, Clock clock) {
		this.storage = storage;
		this.publicMarker = "/object/public/" + bucket + "/";
		this.signed = media.access() == StorageProperties.MediaAccess.SIGNED;
		this.ttl = media.urlTtl();
		this.clock = clock;
	}

	/**
	 * The links of one response that shows these kept URLs (each may be {@code null}).
	 */
	public Links of(Collection<? extends @Nullable String> keptUrls) {
		if (!this.signed) {
			return Links.AS_KEPT;
		}
		Map<String, StoredObject> objects = new HashMap<>();
		for (String kept : keptUrls) {
			if (kept != null && !objects.containsKey(kept)) {
				StoredObject object = parse(kept);
				if (object != null) {
					objects.put(kept, object);
				}
			}
		}
		if (objects.isEmpty()) {
			return Links.AS_KEPT;
		}
		SigningWindow window = SigningWindow.at(this.clock.instant(), this.ttl);
		// two kept URLs may name one object (a legacy host and ours): it is signed once
		Set<String> paths = new LinkedHashSet<>();
		objects.values().forEach((object) -> paths.add(object.path()));
		Map<String, String> signedUrls = sign(paths, window);
		Map<String, @Nullable String> links = new HashMap<>();
		objects.forEach((kept, object) -> {
			String url = (signedUrls != null) ? signedUrls.get(object.path()) : null;
			links.put(kept, (url == null || object.version() == null) ? url : url + "&v=" + object.version());
		});
		return new Links(links, window.name(), signedUrls == null);
	}

	/** Signed URLs by path; {@code null} when storage cannot sign them now. */
	private @Nullable Map<String, String> sign(Collection<String> paths, SigningWindow window) {
		try {
			return this.storage.signedUrls(paths, window);
		}
		catch (StorageException ex) {
			log.warn("Media URLs could not be signed, so this response shows them as null: {}", ex.getMessage());
			return null;
		}
	}

	/** The links of one response that shows these kept URLs. */
	public Links of(@Nullable String... keptUrls) {
		return of(Arrays.asList(keptUrls));
	}

	/**
	 * Where a client is sent (302) for the file a row keeps the URL of.
	 * @throws StorageException if the URL could not be signed just now (503)
	 * @throws StoredFileNotFoundException if storage signs no URL for it: the file is not
	 * there (404)
	 */
	public URI redirect(String keptUrl) {
		Links links = of(keptUrl);
		String link = links.link(keptUrl);
		if (link == null) {
			if (links.unsigned) {
				throw new StorageException(StorageException.Kind.UNAVAILABLE,
						"The URL of " + keptUrl + " could not be signed");
			}
			// Storage answers "Either the object does not exist or you do not have
			// access to it" for such a path: waiting (503) would not bring it back
			throw new StoredFileNotFoundException();
		}
		return location(link);
	}

	/**
	 * The link as a URI. A URL another writer kept (the original app, a hand-made row)
	 * may be unescaped, e.g. a space of a key (Storage allows spaces in keys), which
	 * {@link URI#create} refuses: OkHttp escapes what has to be, as a browser would.
	 */
	private static URI location(String link) {
		try {
			return URI.create(link);
		}
		catch (IllegalArgumentException ex) {
			HttpUrl lenient = HttpUrl.parse(link);
			if (lenient == null) {
				// not a URL of a file at all
				throw new StoredFileNotFoundException();
			}
			return lenient.uri();
		}
	}

	/**
	 * The path of the stored file a kept URL names, or {@code null} for a URL that is not
	 * a public URL of this bucket.
	 */
	public @Nullable String pathOf(String keptUrl) {
		StoredObject object = parse(keptUrl);
		return (object != null) ? object.path() : null;
	}

	/**
	 * The object and version a kept URL names, or {@code null} for a URL that is not a
	 * public URL of this bucket.
	 */
	@Nullable StoredObject parse(String keptUrl) {
		int queryStart = keptUrl.indexOf('?');
		String beforeQuery = (queryStart >= 0) ? keptUrl.substring(0, queryStart) : keptUrl;
		int marker = beforeQuery.indexOf(this.publicMarker);
		if (marker < 0) {
			return null;
		}
		String rawPath = beforeQuery.substring(marker + this.publicMarker.length());
		String path;
		try {
			// the service's own keys hold nothing to decode
			path = (rawPath.indexOf('%') < 0 && rawPath.indexOf('+') < 0) ? rawPath
					: UriUtils.decode(rawPath, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (hasEmptyOrDotSegment(path)) {
			// not a path any store made, and not one to sign
			return null;
		}
		return new StoredObject(path, (queryStart >= 0) ? version(keptUrl.substring(queryStart + 1)) : null);
	}

	// indexOf loops rather than split: every story read parses its media URLs, and the
	// lists and substrings of split were 1 % of its Java samples
	private static boolean hasEmptyOrDotSegment(String path) {
		int start = 0;
		while (true) {
			int end = path.indexOf('/', start);
			int stop = (end < 0) ? path.length() : end;
			int length = stop - start;
			// an empty segment, "." or ".."
			if (length == 0 || (length <= 2 && path.charAt(start) == '.' && path.charAt(stop - 1) == '.')) {
				return true;
			}
			if (end < 0) {
				return false;
			}
			start = end + 1;
		}
	}

	private static @Nullable String version(String query) {
		int start = 0;
		while (true) {
			int end = query.indexOf('&', start);
			int stop = (end < 0) ? query.length() : end;
			if (stop - start > 2 && query.startsWith("v=", start)) {
				return query.substring(start + 2, stop);
			}
			if (end < 0) {
				return null;
			}
			start = end + 1;
		}
	}

	/**
	 * A stored file as a kept URL names it.
	 *
	 * @param path its path in the bucket
	 * @param version the version of the kept URL's query, if it has one
	 */
	record StoredObject(String path, @Nullable String version) {
	}

	/** The URLs one response shows, in place of the kept ones. */
	public static final class Links {

		/** After the window's name, in the variant of a response storage did not sign. */
		static final String UNSIGNED = ".unsigned";

		static final Links AS_KEPT = new Links(null, null, false);

		private final @Nullable Map<String, @Nullable String> links;

		private final @Nullable String variant;

		/** Storage could not sign them: every stored file's link is {@code null}. */
		private final boolean unsigned;

		private Links(@Nullable Map<String, @Nullable String> links, @Nullable String variant, boolean unsigned) {
			this.links = links;
			this.variant = variant;
			this.unsigned = unsigned;
		}

		/**
		 * What a client gets for the kept URL: itself in public mode or when it is not a
		 * stored file's; else its signed URL, or {@code null} when it could not be
		 * signed.
		 */
		public @Nullable String link(@Nullable String keptUrl) {
			if (keptUrl == null || this.links == null || !this.links.containsKey(keptUrl)) {
				return keptUrl;
			}
			return this.links.get(keptUrl);
		}

		/**
		 * Replaces, in each item, the kept URLs under {@code fields} by their links: the
		 * items of a {@code fields=} list.
		 */
		public void rewrite(List<Map<String, @Nullable Object>> items, String... fields) {
			if (this.links == null) {
				return;
			}
			for (Map<String, @Nullable Object> item : items) {
				for (String field : fields) {
					if (item.get(field) instanceof String kept) {
						item.put(field, link(kept));
					}
				}
			}
		}

		/**
		 * Sets this response apart from another of the same resource version: the name of
		 * the signing window when it shows signed URLs (they change from one window to
		 * the next), marked when storage could not sign them (so that a copy showing
		 * {@code null} is not confirmed with 304 once storage is back), else
		 * {@code null}.
		 */
		public @Nullable String variant() {
			return (this.unsigned && this.variant != null) ? this.variant + UNSIGNED : this.variant;
		}

	}

}
