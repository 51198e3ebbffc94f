package com.talegenerator.tales.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A file a client uploads, still on its way from the request: its declared format and
 * where its bytes come from.
 *
 * @param part the form part's name, for messages ({@code file})
 * @param format the format its Content-Type declares
 * @param size its length in bytes
 * @param content opens the bytes; read once
 */
public record MediaUpload(String part, MediaFormat format, long size, Content content) {

	/**
	 * The upload's bytes, once its first ones have shown it is in its declared format.
	 * The check reads {@link MediaFormat#HEAD_LENGTH} bytes and gives them back in front
	 * of the rest, so the file is streamed on, never held.
	 * @throws UnsupportedFileException if the first bytes are not the declared format's
	 * (415)
	 * @throws IOException if the bytes cannot be read
	 */
	public InputStream openChecked() throws IOException {
		InputStream stream = this.content.open();
		try {
			byte[] head = stream.readNBytes(MediaFormat.HEAD_LENGTH);
			if (!this.format.matches(head)) {
				throw UnsupportedFileException.contentMismatch(this.part, this.format);
			}
			return new SequenceInputStream(new ByteArrayInputStream(head), stream);
		}
		catch (IOException | RuntimeException ex) {
			stream.close();
			throw ex;
		}
	}

	@Override
	public String toString() {
		return "MediaUpload[" + this.part + ", " + this.format + ", " + this.size + " bytes]";
	}

	/** Where the bytes come from (the servlet container's spooled part). */
	@FunctionalInterface
	public interface Content {

		InputStream open() throws IOException;

	}

}
