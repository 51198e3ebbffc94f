package com.talegenerator.tales;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Files a test uploads to have them stored: the service checks an upload's first bytes
 * against the format its Content-Type declares (415 otherwise), so these start as a file
 * of that format does and go on with pseudo-random bytes. The signatures are written here
 * from the formats' specifications, not taken from the service's own table, so a test
 * would see that table go wrong. The same format and size give the same bytes.
 */
public final class MediaSamples {

	/** Reading through the tail in blocks of this size keeps it the same however read. */
	private static final int BLOCK = 8192;

	private MediaSamples() {
	}

	/** An MP3 with an ID3v2.4 tag in front (of size 0), as most encoders write. */
	public static byte[] mp3(int size) {
		return of("audio/mpeg", size);
	}

	/**
	 * An MP3 whose bytes after its ID3 header are {@code text}'s: files a test tells
	 * apart by what they say.
	 */
	public static byte[] mp3(String text) {
		byte[] header = signature("audio/mpeg", 0);
		byte[] content = text.getBytes(StandardCharsets.UTF_8);
		byte[] file = Arrays.copyOf(header, header.length + content.length);
		System.arraycopy(content, 0, file, header.length, content.length);
		return file;
	}

	public static byte[] ogg(int size) {
		return of("audio/ogg", size);
	}

	public static byte[] wav(int size) {
		return of("audio/wav", size);
	}

	public static byte[] png(int size) {
		return of("image/png", size);
	}

	public static byte[] jpeg(int size) {
		return of("image/jpeg", size);
	}

	public static byte[] webp(int size) {
		return of("image/webp", size);
	}

	/**
	 * {@code size} bytes of the format {@code contentType} names (parameters ignored):
	 * MP3, WAV, Ogg, FLAC, M4A, WebM, AAC, PNG, JPEG or WebP.
	 * @throws IllegalArgumentException for another type, or a size below the format's
	 * signature
	 */
	public static byte[] of(String contentType, int size) {
		try (InputStream in = stream(contentType, size)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The bytes of {@link #of}, made as they are read: for files larger than the heap.
	 * Each call starts the same bytes again.
	 */
	public static InputStream stream(String contentType, long size) {
		byte[] signature = signature(contentType, size);
		if (size < signature.length) {
			throw new IllegalArgumentException(
					contentType + " needs at least " + signature.length + " bytes; asked for " + size);
		}
		Random random = new Random(size * 31 + signature[0]);
		return new InputStream() {

			private final byte[] block = new byte[BLOCK];

			private long position;

			private int blockEnd;

			private int blockPosition;

			@Override
			public int read() {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.position >= size) {
					return -1;
				}
				if (length == 0) {
					return 0;
				}
				if (this.position < signature.length) {
					int n = (int) Math.min(length, signature.length - this.position);
					System.arraycopy(signature, (int) this.position, buffer, offset, n);
					this.position += n;
					return n;
				}
				if (this.blockPosition == this.blockEnd) {
					random.nextBytes(this.block);
					this.blockEnd = (int) Math.min(BLOCK, size - this.position);
					this.blockPosition = 0;
				}
				int n = Math.min(length, this.blockEnd - this.blockPosition);
				System.arraycopy(this.block, this.blockPosition, buffer, offset, n);
				this.blockPosition += n;
				this.position += n;
				return n;
			}

		};
	}

	/** What a file of the format starts with; {@code size} fills in RIFF's length. */
	private static byte[] signature(String contentType, long size) {
		int parameters = contentType.indexOf(';');
		String type = ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).strip()
			.toLowerCase(Locale.ROOT);
		return switch (type) {
			// "ID3", version 2.4.0, no flags, a tag size of 0 (four 7-bit bytes)
			case "audio/mpeg", "audio/mp3" -> bytes('I', 'D', '3', 4, 0, 0, 0, 0, 0, 0);
			case "audio/wav", "audio/x-wav", "audio/wave" -> riff(size, "WAVEfmt ");
			// capture pattern, stream structure version 0, beginning of stream
			case "audio/ogg", "audio/opus" -> bytes('O', 'g', 'g', 'S', 0, 2);
			// stream marker, then the last-metadata-block flag and STREAMINFO (34 bytes)
			case "audio/flac", "audio/x-flac" -> bytes('f', 'L', 'a', 'C', 0x80, 0, 0, 34);
			// a 32-byte ftyp box of brand "M4A "
			case "audio/mp4", "audio/m4a", "audio/x-m4a" ->
				bytes(0, 0, 0, 32, 'f', 't', 'y', 'p', 'M', '4', 'A', ' ', 0, 0, 0, 0);
			// EBML's magic number
			case "audio/webm" -> bytes(0x1a, 0x45, 0xdf, 0xa3);
			// ADTS: 12 sync bits, MPEG-4, layer 0, no CRC; then AAC LC at 44.1 kHz,
			// stereo
			case "audio/aac", "audio/x-aac" -> bytes(0xff, 0xf1, 0x50, 0x80);
			case "image/png" -> bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R');
			// start of image, then an APP0 (JFIF) marker
			case "image/jpeg" -> bytes(0xff, 0xd8, 0xff, 0xe0);
			case "image/webp" -> riff(size, "WEBPVP8 ");
			default -> throw new IllegalArgumentException("No sample of " + contentType);
		};
	}

	/** A RIFF header: "RIFF", the length of what follows (little-endian), the form. */
	private static byte[] riff(long size, String form) {
		long length = Math.max(0, Math.min(size - 8, 0xffffffffL));
		byte[] header = new byte[8 + form.length()];
		System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
		for (int i = 0; i < 4; i++) {
			header[4 + i] = (byte) (length >>> (8 * i));
		}
		System.arraycopy(form.getBytes(StandardCharsets.US_ASCII), 0, header, 8, form.length());
		return header;
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
