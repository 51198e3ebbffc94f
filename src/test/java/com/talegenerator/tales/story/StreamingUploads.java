package com.talegenerator.tales.story;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.openapi.OpenApiContract;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

/**
 * Uploads and downloads that stream, for the tests where that is the point: a file larger
 * than the heap, a body sent chunked. {@code RestTestClient} keeps every request and
 * response body in memory (for its diagnostics) and always sends a Content-Length;
 * Spring's {@link RestClient} without interceptors writes and reads bodies as they go.
 * Every response of the service is checked against its {@code /openapi.json}, as the
 * {@code RestTestClient}'s are (a download by its status and headers).
 */
public final class StreamingUploads {

	private final RestClient client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();

	private final String base;

	/**
	 * @param base the service's root URL, e.g. {@code http://127.0.0.1:41234}
	 */
	public StreamingUploads(String base) {
		this.base = base;
	}

	/** Posts the form with its Content-Length or, if {@code chunked}, without one. */
	public ResponseEntity<String> post(String path, Multipart form, boolean chunked) {
		URI uri = URI.create(this.base + path);
		RestClient.RequestBodySpec request = this.client.post().uri(uri).contentType(form.mediaType());
		if (!chunked) {
			request.contentLength(form.length());
		}
		return request.body(form.streamed()).exchange((sent, response) -> {
			String body = StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
			check("POST", uri, response.getStatusCode().value(), response.getHeaders(), body);
			return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(body);
		});
	}

	/** Streams a download through {@code reader} without keeping it. */
	public <T> T download(String url, Function<InputStream, T> reader) {
		URI uri = URI.create(url);
		return this.client.get().uri(uri).exchange((sent, response) -> {
			check("GET", uri, response.getStatusCode().value(), response.getHeaders(), null);
			return reader.apply(response.getBody());
		});
	}

	private void check(String method, URI uri, int status, HttpHeaders headers, @Nullable String body) {
		if (uri.toString().startsWith(this.base + "/")) {
			Map<String, List<String>> all = new LinkedHashMap<>();
			headers.forEach(all::put);
			OpenApiContract.servedBy(this.base).check(method, uri, status, all, body);
		}
	}

}
