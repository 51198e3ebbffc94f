package com.talegenerator.tales.web.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small answer is written whole with its {@code Content-Length}, after the JSON is
 * complete; a large one streams without a length once it passes the limit, and is the
 * same JSON either way.
 */
class SizedJsonHttpMessageConverterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final SizedJsonHttpMessageConverter converter = new SizedJsonHttpMessageConverter(this.json);

	@Test
	void writesASmallAnswerWholeWithItsLength() throws IOException {
		RecordingMessage message = new RecordingMessage();
		Map<String, Object> story = Map.of("title", "Жила-была лиса", "content", "x".repeat(4000));

		this.converter.write(story, MediaType.APPLICATION_JSON, message);

		assertThat(message.getHeaders().getContentLength()).isEqualTo(message.body.size());
		assertThat(message.bodyAskedWithLength).isTrue();
		assertThat(message.writes).isEqualTo(1);
		assertThat(this.json.readTree(message.body.toByteArray())).isEqualTo(this.json.valueToTree(story));
	}

	@Test
	void streamsALargeAnswerWithoutALength() throws IOException {
		RecordingMessage message = new RecordingMessage();
		List<String> page = List.of("a".repeat(40_000), "b".repeat(40_000), "c".repeat(40_000));

		this.converter.write(page, MediaType.APPLICATION_JSON, message);

		assertThat(message.getHeaders().getContentLength()).isEqualTo(-1);
		assertThat(message.body.size()).isGreaterThan(SizedJsonHttpMessageConverter.MAX_SIZED_BYTES);
		JsonNode written = this.json.readTree(message.body.toByteArray());
		assertThat(written).isEqualTo(this.json.valueToTree(page));
	}

	@Test
	void streamsALargeAnswerThroughAResponseBufferOfTheStreamingSize() throws IOException {
		MockHttpServletResponse servletResponse = new MockHttpServletResponse();
		List<String> page = List.of("a".repeat(40_000), "b".repeat(40_000));

		this.converter.write(page, MediaType.APPLICATION_JSON, new ServletServerHttpResponse(servletResponse));

		assertThat(servletResponse.getBufferSize()).isEqualTo(SizedJsonHttpMessageConverter.STREAM_BUFFER_BYTES);
		assertThat(this.json.readTree(servletResponse.getContentAsByteArray())).isEqualTo(this.json.valueToTree(page));
	}

	@Test
	void leavesTheResponseBufferOfASmallAnswerAlone() throws IOException {
		MockHttpServletResponse servletResponse = new MockHttpServletResponse();
		int defaultSize = servletResponse.getBufferSize();

		this.converter.write(Map.of("title", "Лиса"), MediaType.APPLICATION_JSON,
				new ServletServerHttpResponse(servletResponse));

		assertThat(servletResponse.getBufferSize()).isEqualTo(defaultSize);
		assertThat(servletResponse.getContentLength()).isEqualTo(servletResponse.getContentAsByteArray().length);
	}

	@Test
	void givesTheLengthInBytesNotCharacters() throws IOException {
		RecordingMessage message = new RecordingMessage();

		this.converter.write(Map.of("moral", "Делись — и тебе дадут 😀"), MediaType.APPLICATION_JSON, message);

		assertThat(message.getHeaders().getContentLength())
			.isEqualTo("{\"moral\":\"Делись — и тебе дадут 😀\"}".getBytes(StandardCharsets.UTF_8).length);
	}

	/**
	 * An output message that records whether its body was asked for after the length was
	 * set (the servlet response commits its headers then), and how many writes it got.
	 */
	private static final class RecordingMessage implements HttpOutputMessage {

		private final HttpHeaders headers = new HttpHeaders();

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private boolean bodyAskedWithLength;

		private int writes;

		@Override
		public OutputStream getBody() {
			this.bodyAskedWithLength = this.headers.getContentLength() >= 0;
			return new OutputStream() {

				@Override
				public void write(int b) {
					RecordingMessage.this.writes++;
					RecordingMessage.this.body.write(b);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) {
					RecordingMessage.this.writes++;
					RecordingMessage.this.body.write(bytes, offset, length);
				}

			};
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
