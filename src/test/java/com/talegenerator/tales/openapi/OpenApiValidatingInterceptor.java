package com.talegenerator.tales.openapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * Checks every response of the service under test against the service's own
 * {@code /openapi.json} ({@link OpenApiContract}) before the test sees it; responses of
 * other servers (a storage double, say) pass unjudged. The body is read once and handed
 * on, so a test reads the same bytes the check read.
 */
public final class OpenApiValidatingInterceptor implements ClientHttpRequestInterceptor {

	private final IntSupplier port;

	/**
	 * @param port the service's port, asked for on each request (it is known only once
	 * the server runs)
	 */
	public OpenApiValidatingInterceptor(IntSupplier port) {
		this.port = port;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ClientHttpResponse response = execution.execute(request, body);
		URI uri = request.getURI();
		if (uri.getPort() != this.port.getAsInt()) {
			return response;
		}
		String base = uri.getScheme() + "://" + uri.getRawAuthority();
		byte[] content = StreamUtils.copyToByteArray(response.getBody());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.getHeaders().forEach(headers::put);
		OpenApiContract.servedBy(base)
			.check(request.getMethod().name(), uri, response.getStatusCode().value(), headers,
					new String(content, StandardCharsets.UTF_8));
		return new ReadResponse(response, content);
	}

	/** The response, its body already read into memory. */
	private static final class ReadResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final byte[] content;

		ReadResponse(ClientHttpResponse response, byte[] content) {
			this.response = response;
			this.content = content;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.content);
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
