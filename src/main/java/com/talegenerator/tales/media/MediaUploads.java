package com.talegenerator.tales.media;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.multipart.MultipartFile;

import com.talegenerator.tales.web.problem.InvalidFieldException;

/**
 * Reads the file part of an upload form: its declared type must be one of the accepted
 * formats (else 415), it must not be empty (400), and it must be within its kind's limit
 * (413). Its bytes are checked against the declared format when they are read
 * ({@link MediaUpload#openChecked()}).
 */
public final class MediaUploads {

	/** The form part that carries the file. */
	public static final String PART = "file";

	private MediaUploads() {
	}

	/**
	 * An audio file (MP3, WAV, Ogg, FLAC, MP4/M4A, WebM or AAC) of at most
	 * {@code maxSize}.
	 */
	public static MediaUpload audio(MultipartFile file, DataSize maxSize) {
		MediaFormat format = MediaFormat.audio(declaredType(file))
			.orElseThrow(() -> UnsupportedFileException.typeNotAccepted(PART, MediaFormat.audioTypes()));
		checkSize(file, maxSize, "an audio file");
		return upload(file, format);
	}

	/** An image (PNG, JPEG or WebP) of at most {@code maxSize}. */
	public static MediaUpload image(MultipartFile file, DataSize maxSize) {
		MediaFormat format = MediaFormat.image(declaredType(file))
			.orElseThrow(() -> UnsupportedFileException.typeNotAccepted(PART, MediaFormat.imageTypes()));
		checkSize(file, maxSize, "an image");
		return upload(file, format);
	}

	/**
	 * The container refuses only what is over the larger of the audio and image limits
	 * (it has one limit for all uploads), so each kind is held to its own here.
	 */
	private static void checkSize(MultipartFile file, DataSize maxSize, String kind) {
		if (file.getSize() > maxSize.toBytes()) {
			ErrorResponseException tooLarge = new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE);
			tooLarge.setDetail(PART + ": " + kind + " may be at most " + maxSize.toBytes() + " bytes ("
					+ maxSize.toMegabytes() + " MB); this one has " + file.getSize());
			throw tooLarge;
		}
	}

	private static String declaredType(MultipartFile file) {
		return (file.getContentType() != null) ? file.getContentType() : "";
	}

	private static MediaUpload upload(MultipartFile file, MediaFormat format) {
		if (file.isEmpty()) {
			throw new InvalidFieldException(PART, "is empty");
		}
		return new MediaUpload(PART, format, file.getSize(), file::getInputStream);
	}

}
