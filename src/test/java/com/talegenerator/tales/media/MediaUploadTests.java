package com.talegenerator.tales.media;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The check of an upload's first bytes: it decides on the head alone, before the rest of
 * the file is read, and gives back every byte it read, so what is stored is exactly what
 * was sent.
 */
class MediaUploadTests {

	@ParameterizedTest
	@ValueSource(ints = { 16, 17, 4096, 1_000_003 })
	void givesBackTheWholeContentByteForByte(int size) throws IOException {
		byte[] png = Samples.png(size);
		MediaUpload upload = new MediaUpload("file", MediaFormat.PNG, size, () -> new ByteArrayInputStream(png));

		try (InputStream checked = upload.openChecked()) {
			assertThat(checked.readAllBytes()).isEqualTo(png);
		}
	}

	@Test
	void givesBackAFileShorterThanTheHeadWhole() throws IOException {
		// an MP3 frame header and a little: shorter than the 12 bytes the check reads
		byte[] mp3 = { (byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64, 1, 2, 3 };
		MediaUpload upload = new MediaUpload("file", MediaFormat.MP3, mp3.length, () -> new ByteArrayInputStream(mp3));

		try (InputStream checked = upload.openChecked()) {
			assertThat(checked.readAllBytes()).isEqualTo(mp3);
		}
	}

	@Test
	void readsNoMoreThanTheHeadBeforeDeciding() throws IOException {
		byte[] mp3 = Samples.mp3(100_000);
		Counting content = new Counting(mp3);
		MediaUpload upload = new MediaUpload("file", MediaFormat.MP3, mp3.length, () -> content);

		try (InputStream checked = upload.openChecked()) {
			assertThat(content.read).isEqualTo(MediaFormat.HEAD_LENGTH);
			assertThat(checked.readAllBytes()).isEqualTo(mp3);
			assertThat(content.read).isEqualTo(mp3.length);
		}
		assertThat(content.closed).isTrue();
	}

	@Test
	void refusesOtherContentHavingReadOnlyItsHeadAndClosesIt() {
		byte[] page = Samples.file(Samples.HTML, 1_000_000);
		Counting content = new Counting(page);
		MediaUpload upload = new MediaUpload("file", MediaFormat.MP3, page.length, () -> content);

		assertThatExceptionOfType(UnsupportedFileException.class).isThrownBy(upload::openChecked)
			.satisfies((refused) -> {
				assertThat(refused.getStatusCode().value()).isEqualTo(415);
				assertThat(refused.getBody().getDetail())
					.isEqualTo("file: the file's content is not MP3, as its Content-Type audio/mpeg says");
			});
		assertThat(content.read).isEqualTo(MediaFormat.HEAD_LENGTH);
		assertThat(content.closed).isTrue();
	}

	@Test
	void decidesOnTheWholeHeadEvenWhenItsBytesTrickleIn() throws IOException {
		byte[] jpeg = Samples.jpeg(5000);
		MediaUpload upload = new MediaUpload("file", MediaFormat.JPEG, jpeg.length, () -> new Trickling(jpeg));
		MediaUpload misdeclared = new MediaUpload("file", MediaFormat.PNG, jpeg.length, () -> new Trickling(jpeg));

		try (InputStream checked = upload.openChecked()) {
			assertThat(checked.readAllBytes()).isEqualTo(jpeg);
		}
		assertThatExceptionOfType(UnsupportedFileException.class).isThrownBy(misdeclared::openChecked);
	}

	@Test
	void refusesAnEmptyFile() {
		Counting content = new Counting(new byte[0]);
		MediaUpload upload = new MediaUpload("file", MediaFormat.WAV, 0, () -> content);

		assertThatExceptionOfType(UnsupportedFileException.class).isThrownBy(upload::openChecked);
		assertThat(content.closed).isTrue();
	}

	/** Counts the bytes read from it and remembers being closed. */
	private static final class Counting extends FilterInputStream {

		private long read;

		private boolean closed;

		Counting(byte[] content) {
			super(new ByteArrayInputStream(content));
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.read++;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.read += n;
			}
			return n;
		}

		@Override
		public void close() throws IOException {
			this.closed = true;
			super.close();
		}

	}

	/** Hands out one byte per read, as a slow network might. */
	private static final class Trickling extends FilterInputStream {

		Trickling(byte[] content) {
			super(new ByteArrayInputStream(content));
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return super.read(buffer, offset, Math.min(1, length));
		}

	}

}
