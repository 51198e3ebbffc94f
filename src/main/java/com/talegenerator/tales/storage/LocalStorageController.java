package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Serves local storage's files at the paths Supabase serves objects, so a story's
 * {@code audioFileUrl} has the same shape in both modes: signed URLs
 * ({@code /object/sign/…?token=…}) always, public ones only when media access is public.
 * Like Supabase it ignores the rest of the query, where the URL's version is. Spring MVC
 * answers {@code Range} requests of a {@link Resource} body with 206, which lets a
 * browser's audio player seek, and conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since}) with 304.
 */
@RestController
@Conditional(LocalStorageCondition.class)
@Tag(name = "Storage")
@SecurityRequirements
class LocalStorageController {

	private final LocalObjectStorage storage;

	private final boolean publicAccess;

	private final JsonMapper jsonMapper;

	LocalStorageController(LocalObjectStorage storage, StorageProperties properties, JsonMapper jsonMapper) {
		this.storage = storage;
		this.publicAccess = properties.media().access() == StorageProperties.MediaAccess.PUBLIC;
		this.jsonMapper = jsonMapper;
	}

	@GetMapping(LocalObjectStorage.PUBLIC_PATH + "{bucket}/**")
	@Operation(operationId = "getStoredFile", summary = "Download a stored file",
			description = "Open: the URL is the credential. Only with TALES_MEDIA_ACCESS=public (404 otherwise). "
					+ "Supports Range (206), If-None-Match and If-Modified-Since (304).")
	@ApiResponse(responseCode = "200", description = "The file",
			headers = { @Header(name = HttpHeaders.ETAG, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.LAST_MODIFIED, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.CONTENT_LENGTH, required = true,
							schema = @Schema(type = "integer", format = "int64")) },
			content = { @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "206", description = "The range asked for",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, required = true, schema = @Schema(type = "string")),
			content = { @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "304", description = "Not modified since If-None-Match or If-Modified-Since")
	@ApiResponse(responseCode = "404", description = "No such file, or media access is signed")
	@ApiResponse(responseCode = "416", description = "The range is not within the file",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, description = "bytes */{the file's length}",
					required = true, schema = @Schema(type = "string")))
	ResponseEntity<Resource> download(@PathVariable String bucket, HttpServletRequest request) {
		if (!this.publicAccess) {
			// a private bucket has no public URLs
			throw new StoredFileNotFoundException(request.getRequestURI());
		}
		String path = objectPath(request, LocalObjectStorage.PUBLIC_PATH, bucket);
		return serve(find(bucket, path, request), request, CacheControl.maxAge(Duration.ofHours(1)));
	}

	@GetMapping(LocalObjectStorage.SIGNED_PATH + "{bucket}/**")
	@Operation(operationId = "getSignedFile", summary = "Download a stored file by its signed URL",
			description = "The token is the credential: valid for one file until it expires (TALES_MEDIA_URL_TTL). "
					+ "Supports Range (206), If-None-Match and If-Modified-Since (304).")
	@ApiResponse(responseCode = "200", description = "The file",
			headers = { @Header(name = HttpHeaders.ETAG, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.LAST_MODIFIED, required = true, schema = @Schema(type = "string")),
					@Header(name = HttpHeaders.CONTENT_LENGTH, required = true,
							schema = @Schema(type = "integer", format = "int64")) },
			content = { @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "206", description = "The range asked for",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, required = true, schema = @Schema(type = "string")),
			content = { @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "304", description = "Not modified since If-None-Match or If-Modified-Since")
	@ApiResponse(responseCode = "403", description = "The token is missing, forged, for another file or expired")
	@ApiResponse(responseCode = "404", description = "No such file")
	@ApiResponse(responseCode = "416", description = "The range is not within the file",
			headers = @Header(name = HttpHeaders.CONTENT_RANGE, description = "bytes */{the file's length}",
					required = true, schema = @Schema(type = "string")))
	ResponseEntity<Resource> downloadSigned(@PathVariable String bucket,
			@RequestParam(required = false) @Parameter(description = "The signed URL's token") @Nullable String token,
			HttpServletRequest request) {
		String path = objectPath(request, LocalObjectStorage.SIGNED_PATH, bucket);
		SignedUrlToken.Verdict verdict = this.storage.verify(token, bucket, path, Instant.now(), this.jsonMapper);
		if (verdict != SignedUrlToken.Verdict.VALID) {
			throw new SignedUrlRefusedException(verdict);
		}
		// a family's file: their browser may keep it, a shared cache may not
		return serve(find(bucket, path, request), request, CacheControl.maxAge(Duration.ofHours(1)).cachePrivate());
	}

	private LocalObjectStorage.StoredFile find(String bucket, String path, HttpServletRequest request) {
		return this.storage.find(bucket, path)
			.orElseThrow(() -> new StoredFileNotFoundException(request.getRequestURI()));
	}

	private static ResponseEntity<Resource> serve(LocalObjectStorage.StoredFile stored, HttpServletRequest request,
			CacheControl cacheControl) {
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
			.cacheControl(cacheControl)
			.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			// stored files are audio and images, never a page a browser should render
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
	 * The object path after {@code {route}{bucket}/}, each segment percent-decoded.
	 */
	private static String objectPath(HttpServletRequest request, String route, String bucket) {
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		String prefix = route + bucket + "/";
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
