package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

/**
 * Serves local storage's files at the path Supabase serves public objects, so a story's
 * {@code audioFileUrl} has the same shape in both modes; like Supabase it ignores the
 * query, where the URL's version is. Spring MVC answers {@code Range} requests of a
 * {@link Resource} body with 206, which lets a browser's audio player seek, and
 * conditional requests ({@code If-None-Match}, {@code If-Modified-Since}) with 304.
 */
@RestController
@Conditional(LocalStorageCondition.class)
@Tag(name = "Storage", description = "Public files of local storage (default mode)")
class LocalStorageController {

	private final LocalObjectStorage storage;

	LocalStorageController(LocalObjectStorage storage) {
		this.storage = storage;
	}

	@GetMapping(LocalObjectStorage.PUBLIC_PATH + "{bucket}/**")
	@Operation(summary = "Download a stored file", description = "Supports Range (206), ETag and Last-Modified.")
	ResponseEntity<Resource> download(@PathVariable String bucket, HttpServletRequest request) {
		String path = objectPath(request, bucket);
		LocalObjectStorage.StoredFile stored = this.storage.find(bucket, path)
			.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
					"No file at " + request.getRequestURI()));
		String etag = "\"" + Long.toHexString(stored.size()) + "-"
				+ Long.toHexString(stored.lastModified().toEpochMilli()) + "\"";
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(stored.contentType()))
			.eTag(etag)
			.lastModified(stored.lastModified())
			// a replaced file gets a URL with a new version, so an hour of caching is
			// safe
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
			.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			// stored files are audio, never something a browser should render as a page
			.header("X-Content-Type-Options", "nosniff")
			.body(new FileSystemResource(stored.file()));
	}

	/**
	 * The object path after {@code .../public/{bucket}/}, each segment percent-decoded.
	 */
	private static String objectPath(HttpServletRequest request, String bucket) {
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		String prefix = LocalObjectStorage.PUBLIC_PATH + bucket + "/";
		String raw = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
		StringBuilder path = new StringBuilder();
		for (String segment : raw.split("/", -1)) {
			if (!path.isEmpty()) {
				path.append('/');
			}
			// a decoded segment holding '/' or '\' would be a second way to name a
			// directory
			String decoded = UriUtils.decode(segment, StandardCharsets.UTF_8);
			path.append(decoded.contains("/") ? "\0" : decoded);
		}
		return path.toString();
	}

}
