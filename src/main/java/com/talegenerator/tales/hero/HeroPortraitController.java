package com.talegenerator.tales.hero;

import java.util.UUID;

import com.talegenerator.tales.media.ImageUploadForm;
import com.talegenerator.tales.media.MediaUploads;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.StorageProperties;
import com.talegenerator.tales.web.etag.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A hero's portrait: its upload, a redirect to it, its removal. */
@RestController
@RequestMapping("/heroes/{id}/portrait")
@Tag(name = "Heroes")
class HeroPortraitController {

	private final HeroService heroes;

	private final HeroResponses responses;

	private final MediaLinks links;

	private final DataSize maxImageSize;

	HeroPortraitController(HeroService heroes, HeroResponses responses, MediaLinks links, StorageProperties storage) {
		this.heroes = heroes;
		this.responses = responses;
		this.links = links;
		this.maxImageSize = storage.maxImageSize();
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadHeroPortrait", summary = "Upload a hero's portrait",
			description = "multipart/form-data with one part, file: a PNG, JPEG or WebP image (declared by its "
					+ "Content-Type and checked by its first bytes), at most TALES_MAX_IMAGE_SIZE (default 5 MB). "
					+ "It replaces the hero's portrait, also one of another format. The shared catalogue's "
					+ "portraits are the back-office's.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = ImageUploadForm.class),
							encoding = @Encoding(name = "file", contentType = "image/png, image/jpeg, image/webp"))))
	@ApiResponse(responseCode = "200", description = "The hero, pointing at its new portrait")
	@ApiResponse(responseCode = "403",
			description = "A hero of the shared catalogue, whose portrait only the back-office sets; or a "
					+ "cross-origin request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")
	@ApiResponse(responseCode = "415", description = "The body is not multipart/form-data, the file's Content-Type "
			+ "is not image/png, image/jpeg or image/webp, or its bytes are not that type's")
	ResponseEntity<HeroResponse> upload(@PathVariable UUID id,
			@RequestPart(MediaUploads.PART) @Parameter(hidden = true) MultipartFile file,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IfMatch precondition = IfMatch.parse(ifMatch);
		return this.responses
			.ok(this.heroes.attachPortrait(id, precondition, MediaUploads.image(file, this.maxImageSize)));
	}

	@GetMapping
	@Operation(operationId = "getHeroPortrait", summary = "Redirect (302) to the hero's portrait",
			description = "To a freshly signed URL, or the public one with public media access.")
	@ApiResponse(responseCode = "302", description = "Found: the portrait is at Location",
			headers = @Header(name = HttpHeaders.LOCATION, description = "The portrait's URL", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "404", description = "No such hero, or it has no portrait")
	ResponseEntity<Void> portrait(@PathVariable UUID id) {
		String url = this.heroes.get(id).portraitUrl();
		if (url == null) {
			throw new PortraitNotFoundException(id);
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(this.links.redirect(url)).build();
	}

	@DeleteMapping
	@Operation(operationId = "deleteHeroPortrait", summary = "Remove a hero's portrait")
	@ApiResponse(responseCode = "204", description = "Removed: the hero's portraitUrl is null")
	@ApiResponse(responseCode = "403",
			description = "A hero of the shared catalogue, whose portrait only the back-office removes; or a "
					+ "cross-origin request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")
	@ApiResponse(responseCode = "404", description = "No such hero, or it has no portrait")
	ResponseEntity<Void> delete(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.heroes.removePortrait(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

}
