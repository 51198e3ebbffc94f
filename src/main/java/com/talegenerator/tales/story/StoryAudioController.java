package com.talegenerator.tales.story;

import java.net.URI;
import java.util.UUID;

import com.talegenerator.tales.web.etag.ETags;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Stories")
class StoryAudioController {

	private final StoryAudioService audio;

	private final StoryService stories;

	private final JsonMapper jsonMapper;

	StoryAudioController(StoryAudioService audio, StoryService stories, JsonMapper jsonMapper) {
		this.audio = audio;
		this.stories = stories;
		this.jsonMapper = jsonMapper;
	}

	@PostMapping(path = "/stories/{id}/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadStoryAudio", summary = "Upload a story's audio",
			description = "multipart/form-data: file (audio/*, at most the configured limit, default 50 MB), "
					+ "optional provider and metadata (a JSON object). A second upload replaces the first, "
					+ "under a new audioFileUrl.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = AudioUploadForm.class),
							encoding = @Encoding(name = "file", contentType = "audio/*"))))
	@ApiResponse(responseCode = "200", description = "The story, pointing at its new audio")
	@ApiResponse(responseCode = "415",
			description = "The body is not multipart/form-data, or the file's Content-Type is not audio/*")
	ResponseEntity<StoryResponse> upload(@PathVariable UUID id,
			@RequestPart("file") @Parameter(hidden = true) MultipartFile file,
			@RequestParam(required = false) @Size(max = 100) @Parameter(hidden = true) @Nullable String provider,
			@RequestParam(required = false) @Parameter(hidden = true) @Nullable String metadata,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IfMatch precondition = IfMatch.parse(ifMatch);
		String contentType = audioType(file);
		if (file.isEmpty()) {
			throw new InvalidFieldException("file", "is empty");
		}
		// everything the story update will store is checked before the file is stored
		// (the
		// metadata by PostgreSQL, in the service): a refusal after storing would already
		// have replaced a file of the same name
		if (provider != null && provider.indexOf('\0') >= 0) {
			throw new InvalidFieldException("provider", "must not contain NUL characters");
		}
		AudioUpload upload = new AudioUpload(file.getOriginalFilename(), contentType, file.getSize(),
				file::getInputStream, provider, metadataObject(metadata));
		Story story = this.audio.attach(id, precondition, upload);
		return ETags.ok(StoryResponse.of(story), story.updatedAt());
	}

	@GetMapping("/stories/{id}/audio")
	@Operation(operationId = "getStoryAudio", summary = "Redirect (302) to the story's audio")
	@ApiResponse(responseCode = "302", description = "Found: the audio is at Location",
			headers = @Header(name = HttpHeaders.LOCATION, description = "The audio's URL", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "404", description = "No such story, or it has no audio")
	ResponseEntity<Void> download(@PathVariable UUID id) {
		String url = this.stories.get(id).audioFileUrl();
		if (url == null) {
			throw new AudioNotFoundException(id);
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url)).build();
	}

	private static String audioType(MultipartFile file) {
		String type = file.getContentType();
		try {
			if (type != null && "audio".equalsIgnoreCase(MediaType.parseMediaType(type).getType())) {
				return type;
			}
		}
		catch (IllegalArgumentException ex) {
			// not a media type at all: refused below like any other type
		}
		throw new NotAudioException();
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
