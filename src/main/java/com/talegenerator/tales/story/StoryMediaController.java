package com.talegenerator.tales.story;

import java.util.UUID;

import com.talegenerator.tales.media.ImageUploadForm;
import com.talegenerator.tales.media.MediaUpload;
import com.talegenerator.tales.media.MediaUploads;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.StorageProperties;
import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.web.problem.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A story's narration and thumbnail: uploads, redirects to them, the thumbnail's removal.
 */
@RestController
@Tag(name = "Stories")
class StoryMediaController {

	private final StoryMediaService media;

	private final StoryService stories;

	private final StoryResponses responses;

	private final MediaLinks links;

	private final JsonMapper jsonMapper;

	private final DataSize maxAudioSize;

	private final DataSize maxImageSize;

	StoryMediaController(StoryMediaService media, StoryService stories, StoryResponses responses, MediaLinks links,
			JsonMapper jsonMapper, StorageProperties storage) {
		this.media = media;
		this.stories = stories;
		this.responses = responses;
		this.links = links;
		this.jsonMapper = jsonMapper;
		this.maxAudioSize = storage.maxUploadSize();
		this.maxImageSize = storage.maxImageSize();
	}

	@PostMapping(path = "/stories/{id}/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadStoryAudio", summary = "Upload a story's audio",
			description = "multipart/form-data: file (MP3, WAV, Ogg, FLAC, MP4/M4A, WebM or AAC, declared by its "
					+ "Content-Type and checked by its first bytes; at most the configured limit, default 50 MB), "
					+ "optional provider and metadata (a JSON object). A second upload replaces the first, "
					+ "under a new audioFileUrl.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = AudioUploadForm.class),
							encoding = @Encoding(name = "file", contentType = "audio/*"))))
	@ApiResponse(responseCode = "200", description = "The story, pointing at its new audio")
	@ApiResponse(responseCode = "415", description = "The body is not multipart/form-data, the file's Content-Type "
			+ "is not an accepted audio type, or its bytes are not that type's")
	ResponseEntity<StoryResponse> uploadAudio(@PathVariable UUID id,
			@RequestPart(MediaUploads.PART) @Parameter(hidden = true) MultipartFile file,
			@RequestParam(required = false) @Size(max = 100) @Parameter(hidden = true) @Nullable String provider,
			@RequestParam(required = false) @Parameter(hidden = true) @Nullable String metadata,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IfMatch precondition = IfMatch.parse(ifMatch);
		MediaUpload upload = MediaUploads.audio(file, this.maxAudioSize);
		// everything the story update will store is checked before the file is stored
		// (the metadata by PostgreSQL, in the service): a refusal after storing would
		// already have replaced a file of the same name
		if (provider != null && provider.indexOf('\0') >= 0) {
			throw new InvalidFieldException("provider", "must not contain NUL characters");
		}
		return this.responses.ok(this.media.attachAudio(id, precondition, upload, file.getOriginalFilename(), provider,
				metadataObject(metadata)));
	}

	@GetMapping("/stories/{id}/audio")
	@Operation(operationId = "getStoryAudio", summary = "Redirect (302) to the story's audio",
			description = "To a freshly signed URL, or the public one with public media access.")
	@ApiResponse(responseCode = "302", description = "Found: the audio is at Location",
			headers = @Header(name = HttpHeaders.LOCATION, description = "The audio's URL", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "404", description = "No such story, or it has no audio")
	ResponseEntity<Void> audio(@PathVariable UUID id) {
		String url = this.stories.get(id).audioFileUrl();
		if (url == null) {
			throw new AudioNotFoundException(id);
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(this.links.redirect(url)).build();
	}

	@PostMapping(path = "/stories/{id}/thumbnail", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadStoryThumbnail", summary = "Upload a story's thumbnail",
			description = "multipart/form-data with one part, file: a PNG, JPEG or WebP image (declared by its "
					+ "Content-Type and checked by its first bytes), at most TALES_MAX_IMAGE_SIZE (default 5 MB). "
					+ "It replaces the story's thumbnail, also one of another format.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = ImageUploadForm.class),
							encoding = @Encoding(name = "file", contentType = "image/png, image/jpeg, image/webp"))))
	@ApiResponse(responseCode = "200", description = "The story, pointing at its new thumbnail")
	@ApiResponse(responseCode = "415", description = "The body is not multipart/form-data, the file's Content-Type "
			+ "is not image/png, image/jpeg or image/webp, or its bytes are not that type's")
	ResponseEntity<StoryResponse> uploadThumbnail(@PathVariable UUID id,
			@RequestPart(MediaUploads.PART) @Parameter(hidden = true) MultipartFile file,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IfMatch precondition = IfMatch.parse(ifMatch);
		return this.responses
			.ok(this.media.attachThumbnail(id, precondition, MediaUploads.image(file, this.maxImageSize)));
	}

	@GetMapping("/stories/{id}/thumbnail")
	@Operation(operationId = "getStoryThumbnail", summary = "Redirect (302) to the story's thumbnail",
			description = "To a freshly signed URL, or the public one with public media access.")
	@ApiResponse(responseCode = "302", description = "Found: the thumbnail is at Location",
			headers = @Header(name = HttpHeaders.LOCATION, description = "The thumbnail's URL", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "404", description = "No such story, or it has no thumbnail")
	ResponseEntity<Void> thumbnail(@PathVariable UUID id) {
		String url = this.stories.get(id).thumbnailUrl();
		if (url == null) {
			throw new ThumbnailNotFoundException(id);
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(this.links.redirect(url)).build();
	}

	@DeleteMapping("/stories/{id}/thumbnail")
	@Operation(operationId = "deleteStoryThumbnail", summary = "Remove a story's thumbnail")
	@ApiResponse(responseCode = "204", description = "Removed: the story's thumbnailUrl is null")
	@ApiResponse(responseCode = "404", description = "No such story, or it has no thumbnail")
	ResponseEntity<Void> deleteThumbnail(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.media.removeThumbnail(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

	/** The metadata as the JSON text of an object, or null when none was sent. */
	private @Nullable String metadataObject(@Nullable String metadata) {
		if (metadata == null || metadata.isBlank()) {
			return null;
		}
		try {
			JsonNode json = this.jsonMapper.readTree(metadata);
			if (json.isObject()) {
				// whether jsonb can hold it (no NUL, numbers in range) is PostgreSQL's to
				// say, before the file is stored
				return json.toString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: refused below like JSON that is not an object
		}
		throw new InvalidFieldException("metadata", "must be a JSON object");
	}

}
