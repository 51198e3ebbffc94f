package com.talegenerator.tales.media;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The form of an image upload (a hero's portrait, a story's thumbnail) as the OpenAPI
 * description shows it; the controllers read the part themselves.
 *
 * @param file the image, sent with its type
 */
@Schema(name = "ImageUpload", description = "A PNG, JPEG or WebP image")
public record ImageUploadForm(@Schema(type = "string", format = "binary",
		description = "The image: its part's Content-Type must be image/png, image/jpeg or image/webp and its bytes "
				+ "that format's; at most TALES_MAX_IMAGE_SIZE (default 5 MB)") String file) {
}
