package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
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
@Tag(name = "Storage")
@SecurityRequirements
class LocalStorageController {

	private final LocalObjectStorage storage;

	LocalStorageController(LocalObjectStorage storage) {
		this.storage = storage;
	}

	@GetMapping(LocalObjectStorage.PUBLIC_PATH + "{bucket}/**")
	@Operation(operationId = "getStoredFile", summary = "Download a stored file",
			description = "Open: the URL is the credential. Supports Range (206), If-None-Match and "
					+ "If-Modified-Since (304).")
	@ApiResponse(responseCode = "200", description = "The file",
			headers = { @Header(name = HttpHeaders.ETAG, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.LAST_MODIFIED, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.CONTENT_LENGTH, required = true,
							schema = @Schema(type = "integer", format = "int64")) },
			content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "206", description = "The range asked for",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, required = true, schema = @Schema(type = "string")),
			content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "304", description = "Not modified since If-None-Match or If-Modified-Since")
	@ApiResponse(responseCode = "404", description = "No such file")
	@ApiResponse(responseCode = "416", description = "The range is not within the file",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, description = "bytes */{the file's length}",
					required = true, schema = @Schema(type = "string")))
	ResponseEntity<Resource> download(@PathVariable String bucket, HttpServletRequest request) {
		String path = objectPath(request, bucket);
		LocalObjectStorage.StoredFile stored = this.storage.find(bucket, path)
			.orElseThrow(() -> new StoredFileNotFoundException(request.getRequestURI()));
		FileSystemResource file = new FileSystemResource(stored.file());
		checkRange(request, file, stored.size());
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
			.body(file);
	}

	/**
	 * Spring MVC answers a range outside the file with 416 but then writes the whole file
	 * under it; the client gets a problem instead, and the file's length to ask again.
	 */
	private static void checkRange(HttpServletRequest request, Resource file, long size) {
		String range = request.getHeader(HttpHeaders.RANGE);
		if (range == null) {
			return;
		}
		try {
			HttpRange.toResourceRegions(HttpRange.parseRanges(range), file);
		}
		catch (IllegalArgumentException ex) {
			throw new UnsatisfiableRangeException(size);
		}
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
