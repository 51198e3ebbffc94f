package com.talegenerator.tales;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.http.StreamingHttpOutputMessage;

/**
 * A {@code multipart/form-data} body built for tests, with a known total length: the
 * {@link #bytes() bytes} a {@code RestTestClient} sends, or {@link #streamed() streamed}
 * part by part so that a very large file never sits in memory.
 */
public final class Multipart {

	private final String boundary = "tales-" + UUID.randomUUID();

	private final List<Supplier<InputStream>> pieces = new ArrayList<>();

	private long length;

	public Multipart field(String name, String value) {
		return piece("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
				+ "\r\n");
	}

	public Multipart file(String name, String fileName, String contentType, byte[] content) {
		return file(name, fileName, contentType, content.length, () -> new ByteArrayInputStream(content));
	}

	/**
	 * A file part whose bytes come from {@code content}, opened when the body is sent.
	 */
	public Multipart file(String name, String fileName, String contentType, long size, Supplier<InputStream> content) {
		piece("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
		this.pieces.add(content);
		this.length += size;
		return piece("\r\n");
	}

	/**
	 * A file part with this {@code Content-Disposition} as given, e.g. with an RFC 5987
	 * {@code filename*}.
	 */
	public Multipart fileWithDisposition(String contentDisposition, String contentType, byte[] content) {
		piece("--" + this.boundary + "\r\nContent-Disposition: " + contentDisposition + "\r\nContent-Type: "
				+ contentType + "\r\n\r\n");
		this.pieces.add(() -> new ByteArrayInputStream(content));
		this.length += content.length;
		return piece("\r\n");
	}

	public String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	/** The content type with this body's boundary, for {@code contentType(…)}. */
	public MediaType mediaType() {
		return MediaType.parseMediaType(contentType());
	}

	public long length() {
		return this.length + closing().length;
	}

	/** The whole body in memory, for forms small enough to hold. */
	public byte[] bytes() {
		try (InputStream body = stream()) {
			return body.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The whole body written as it is read, for a client that streams (with
	 * {@link #length()} as its Content-Length, or without one: chunked).
	 */
	public StreamingHttpOutputMessage.Body streamed() {
		return (out) -> {
			try (InputStream body = stream()) {
				body.transferTo(out);
			}
		};
	}

	/** The whole body with a Content-Length, streamed. */
	public HttpRequest.BodyPublisher publisher() {
		return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::stream),
				length());
	}

	/** The whole body without a length: sent chunked. */
	public HttpRequest.BodyPublisher chunkedPublisher() {
		return HttpRequest.BodyPublishers.ofInputStream(this::stream);
	}

	private InputStream stream() {
		List<InputStream> streams = new ArrayList<>();
		this.pieces.forEach((piece) -> streams.add(piece.get()));
		streams.add(new ByteArrayInputStream(closing()));
		return new SequenceInputStream(Collections.enumeration(streams));
	}

	private byte[] closing() {
		return ("--" + this.boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
	}

	private Multipart piece(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		this.pieces.add(() -> new ByteArrayInputStream(bytes));
		this.length += bytes.length;
		return this;
	}

}
