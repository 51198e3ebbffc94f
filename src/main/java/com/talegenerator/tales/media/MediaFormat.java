package com.talegenerator.tales.media;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file formats the service stores, each known by the types a client may declare for
 * it and by its first bytes. A small table rather than a detection library (Apache Tika's
 * core detector reads a 200 kB type database at start-up and names formats by its own
 * hierarchy, e.g. {@code video/webm} for WebM audio): the question here is only whether
 * the bytes are those of the declared format, and the signatures are fixed by the
 * formats' specifications.
 */
public enum MediaFormat {

	/** MPEG audio layer III, with an ID3v2 tag in front or starting at a frame. */
	MP3(Kind.AUDIO, "mp3", List.of("audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3"),
			(head) -> hasId3Header(head) || isMpegAudioFrame(head, false)),

	/** RIFF with the WAVE form type. */
	WAV(Kind.AUDIO, "wav", List.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"),
			(head) -> startsWith(head, "RIFF") && startsWith(head, 8, "WAVE")),

	/** An Ogg page (Vorbis, Opus, FLAC in Ogg). */
	OGG(Kind.AUDIO, "ogg", List.of("audio/ogg", "audio/opus", "audio/vorbis", "audio/x-ogg"),
			(head) -> startsWith(head, "OggS")),

	/** Native FLAC, its stream marker first. */
	FLAC(Kind.AUDIO, "flac", List.of("audio/flac", "audio/x-flac"), (head) -> startsWith(head, "fLaC")),

	/** An ISO base media file (MP4, M4A): its first box is {@code ftyp}. */
	MP4(Kind.AUDIO, "m4a", List.of("audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac-mp4"),
			(head) -> startsWith(head, 4, "ftyp")),

	/** Matroska's EBML header, which WebM files start with. */
	WEBM(Kind.AUDIO, "webm", List.of("audio/webm"),
			(head) -> head.length >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45
					&& (head[2] & 0xff) == 0xdf && (head[3] & 0xff) == 0xa3),

	/** Raw AAC: ADTS frames (or ADIF), possibly behind an ID3v2 tag. */
	AAC(Kind.AUDIO, "aac", List.of("audio/aac", "audio/x-aac", "audio/aacp", "audio/x-hx-aac-adts"),
			(head) -> hasId3Header(head) || startsWith(head, "ADIF") || isMpegAudioFrame(head, true)),

	PNG(Kind.IMAGE, "png", List.of("image/png"),
			(head) -> startsWith(head, new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' })),

	JPEG(Kind.IMAGE, "jpg", List.of("image/jpeg", "image/jpg", "image/pjpeg"),
			// the start-of-image marker and the next marker's code: a file of three bytes
			// is only the start of a JPEG
			(head) -> head.length >= 4 && startsWith(head, new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff })),

	WEBP(Kind.IMAGE, "webp", List.of("image/webp"), (head) -> startsWith(head, "RIFF") && startsWith(head, 8, "WEBP"));

	/** How many bytes {@link #matches} needs to see at most. */
	public static final int HEAD_LENGTH = 12;

	private final Kind kind;

	private final String extension;

	private final List<String> contentTypes;

	private final Predicate<byte[]> signature;

	MediaFormat(Kind kind, String extension, List<String> contentTypes, Predicate<byte[]> signature) {
		this.kind = kind;
		this.extension = extension;
		this.contentTypes = contentTypes;
		this.signature = signature;
	}

	/** {@code audio} or {@code image}: the {@code kind} label of the upload counters. */
	String kindLabel() {
		return this.kind.label;
	}

	/**
	 * The audio format a declared content type names ({@code audio/mpeg}, parameters
	 * ignored), if it is one the service stores.
	 */
	public static Optional<MediaFormat> audio(String contentType) {
		return of(Kind.AUDIO, contentType);
	}

	/** The image format a declared content type names, if it is PNG, JPEG or WebP. */
	public static Optional<MediaFormat> image(String contentType) {
		return of(Kind.IMAGE, contentType);
	}

	private static Optional<MediaFormat> of(Kind kind, String contentType) {
		int parameters = contentType.indexOf(';');
		String type = ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).strip()
			.toLowerCase(Locale.ROOT);
		for (MediaFormat format : values()) {
			if (format.kind == kind && format.contentTypes.contains(type)) {
				return Optional.of(format);
			}
		}
		return Optional.empty();
	}

	/** The types a client may declare for the formats of one kind, for messages. */
	public static List<String> audioTypes() {
		return types(Kind.AUDIO);
	}

	public static List<String> imageTypes() {
		return types(Kind.IMAGE);
	}

	private static List<String> types(Kind kind) {
		return java.util.Arrays.stream(values())
			.filter((format) -> format.kind == kind)
			.map(MediaFormat::contentType)
			.toList();
	}

	/** The format's own type, e.g. {@code audio/mpeg}: what the file is stored as. */
	public String contentType() {
		return this.contentTypes.get(0);
	}

	/** The usual file name extension, without the dot, e.g. {@code jpg}. */
	public String extension() {
		return this.extension;
	}

	/**
	 * Whether a file whose first bytes are {@code head} (the first {@link #HEAD_LENGTH},
	 * or all of a shorter file) is in this format.
	 */
	public boolean matches(byte[] head) {
		return this.signature.test(head);
	}

	/**
	 * An MPEG audio frame header: 11 sync bits, then for MP3 a valid version and a layer
	 * (not the reserved 00), for ADTS (AAC) the layer bits 00.
	 */
	private static boolean isMpegAudioFrame(byte[] head, boolean adts) {
		// a whole frame header (4 bytes; ADTS's, 7) or it is no frame
		if (head.length < (adts ? 7 : 4) || (head[0] & 0xff) != 0xff || (head[1] & 0xe0) != 0xe0) {
			return false;
		}
		int version = (head[1] >> 3) & 0x03;
		int layer = (head[1] >> 1) & 0x03;
		if (adts) {
			// ADTS sets all 12 sync bits (the version bit is MPEG-2 or MPEG-4)
			return (head[1] & 0xf0) == 0xf0 && layer == 0;
		}
		return version != 0x01 && layer != 0;
	}

	/**
	 * An ID3v2 tag's whole 10-byte header (id3.org, ID3v2.4 structure, 3.1): "ID3", a
	 * major version 2 to 4 and a revision (never FF), flags, and the tag's size in four
	 * bytes whose top bits are clear. The three letters alone are only the start of one,
	 * and a text that begins with them is none.
	 */
	private static boolean hasId3Header(byte[] head) {
		if (head.length < 10 || !startsWith(head, "ID3")) {
			return false;
		}
		int major = head[3] & 0xff;
		if (major < 2 || major > 4 || (head[4] & 0xff) == 0xff) {
			return false;
		}
		return ((head[6] | head[7] | head[8] | head[9]) & 0x80) == 0;
	}

	private static boolean startsWith(byte[] head, String ascii) {
		return startsWith(head, 0, ascii);
	}

	private static boolean startsWith(byte[] head, int offset, String ascii) {
		return startsWith(head, offset, ascii.getBytes(StandardCharsets.US_ASCII));
	}

	private static boolean startsWith(byte[] head, byte[] signature) {
		return startsWith(head, 0, signature);
	}

	private static boolean startsWith(byte[] head, int offset, byte[] signature) {
		if (head.length < offset + signature.length) {
			return false;
		}
		for (int i = 0; i < signature.length; i++) {
			if (head[offset + i] != signature[i]) {
				return false;
			}
		}
		return true;
	}

	private enum Kind {

		AUDIO, IMAGE;

		private final String label = name().toLowerCase(java.util.Locale.ROOT);

	}

}
