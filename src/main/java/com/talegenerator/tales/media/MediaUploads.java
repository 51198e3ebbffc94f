package com.talegenerator.tales.media;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.multipart.MultipartFile;

import com.talegenerator.tales.web.problem.InvalidFieldException;

/**
 * Reads the file part of an upload form: its declared type must be one of the accepted
 * formats (else 415), it must not be empty (400), and an image must be within its limit
 * (413). Its bytes are checked against the declared format when they are read
 * ({@link MediaUpload#openChecked()}).
 */
public final class MediaUploads {

	/** The form part that carries the file. */
	public static final String PART = "file";

	private MediaUploads() {
	}

	/** An audio file: MP3, WAV, Ogg, FLAC, MP4/M4A, WebM or AAC. */
	public static MediaUpload audio(MultipartFile file) {
		MediaFormat format = MediaFormat.audio(declaredType(file))
			.orElseThrow(() -> UnsupportedFileException.typeNotAccepted(PART, MediaFormat.audioTypes()));
		return upload(file, format);
	}

	/** An image (PNG, JPEG or WebP) of at most {@code maxSize}. */
	public static MediaUpload image(MultipartFile file, DataSize maxSize) {
		MediaFormat format = MediaFormat.image(declaredType(file))
			.orElseThrow(() -> UnsupportedFileException.typeNotAccepted(PART, MediaFormat.imageTypes()));
		if (file.getSize() > maxSize.toBytes()) {
			ErrorResponseException tooLarge = new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE);
			tooLarge.setDetail(PART + ": an image may be at most " + maxSize.toBytes() + " bytes ("
					+ maxSize.toMegabytes() + " MB); this one has " + file.getSize());
			throw tooLarge;
		}
		return upload(file, format);
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
