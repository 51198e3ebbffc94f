package com.talegenerator.tales.web.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Spring's JSON converter, with a {@code Content-Length} on small answers. Spring flushes
 * the response as soon as the JSON is written, before Tomcat knows its length, so every
 * answer went out chunked: its headers and body in one socket write, then the empty last
 * chunk in another, which the benchmark's profile put at a twentieth of the CPU of
 * {@code GET /stories/{id}}. A body of up to {@value #MAX_SIZED_BYTES} bytes (a story, a
 * sparse list, a problem) is now written whole with its length, in one write; a larger
 * one streams out as before once it passes that size, so no answer is held in memory
 * whole.
 */
final class SizedJsonHttpMessageConverter extends JacksonJsonHttpMessageConverter {

	/** The largest body answered with a {@code Content-Length}. */
	static final int MAX_SIZED_BYTES = 64 * 1024;

	/** The response buffer of a body that streams: the size of each socket write. */
	static final int STREAM_BUFFER_BYTES = 32 * 1024;

	SizedJsonHttpMessageConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage outputMessage,
			@Nullable Map<String, Object> hints) throws IOException {
		SizedBody body = new SizedBody(outputMessage);
		super.writeInternal(object, type, new HttpOutputMessage() {

			@Override
			public OutputStream getBody() {
				return body;
			}

			@Override
			public HttpHeaders getHeaders() {
				return outputMessage.getHeaders();
			}

		}, hints);
		body.finish();
	}

	/**
	 * Keeps the body until it is complete or passes {@link #MAX_SIZED_BYTES}: the real
	 * body, and with it the response's headers, is only asked for then.
	 */
	private static final class SizedBody extends OutputStream {

		private final HttpOutputMessage message;

		private byte[] buffer = new byte[8 * 1024];

		private int size;

		private @Nullable OutputStream streaming;

		SizedBody(HttpOutputMessage message) {
			this.message = message;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			if (this.streaming != null) {
				this.streaming.write(bytes, offset, length);
				return;
			}
			if (this.size + length > MAX_SIZED_BYTES) {
				// too large to hold: headers without a length (chunked), and stream from
				// here
				if (this.message instanceof ServletServerHttpResponse response) {
					response.getServletResponse().setBufferSize(STREAM_BUFFER_BYTES);
				}
				OutputStream out = this.message.getBody();
				out.write(this.buffer, 0, this.size);
				out.write(bytes, offset, length);
				this.streaming = out;
				this.buffer = new byte[0];
				return;
			}
			if (this.size + length > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer,
						Math.min(MAX_SIZED_BYTES, Math.max(this.buffer.length * 2, this.size + length)));
			}
			System.arraycopy(bytes, offset, this.buffer, this.size, length);
			this.size += length;
		}

		/** A flush before the end would commit the response without its length. */
		@Override
		public void flush() throws IOException {
			if (this.streaming != null) {
				this.streaming.flush();
			}
		}

		void finish() throws IOException {
			if (this.streaming == null) {
				this.message.getHeaders().setContentLength(this.size);
				this.message.getBody().write(this.buffer, 0, this.size);
			}
		}

	}

}
