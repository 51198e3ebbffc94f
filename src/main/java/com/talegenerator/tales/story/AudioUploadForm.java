package com.talegenerator.tales.story;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The form of {@code POST /stories/{id}/audio} as the OpenAPI description shows it; the
 * controller reads the parts one by one.
 *
 * @param file the audio, sent with its type
 * @param provider the voice service that made it
 * @param metadata a JSON object, as text
 */
@Schema(name = "AudioUpload", description = "A story's audio and how it was made")
record AudioUploadForm(
		@Schema(type = "string", format = "binary",
				description = "The audio: its part's Content-Type must be an MP3, WAV, Ogg, FLAC, MP4/M4A, WebM or AAC "
						+ "type (audio/mpeg, audio/wav, …) and its bytes that format's, its size at most the limit "
						+ "(default 50 MB)") String file,
		@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 100,
				description = "The voice service that made it, e.g. elevenlabs") String provider,
		@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, contentMediaType = "application/json",
				description = "How it was made (voice, model, duration…): a JSON object, as text; kept as "
						+ "audioGenerationMetadata") String metadata) {
}
