package com.talegenerator.tales;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.talegenerator.tales.openapi.OpenApiContract;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests: sends exactly the bytes a test gives it (malformed JSON,
 * odd content types) and returns status, headers and body untouched. Sends no
 * {@code Authorization} header unless made {@link #withToken(String) with a token}.
 */
public final class HttpApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	/** Names and values, alternating, added to every request. */
	private final List<String> headers;

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	public HttpApi(String base) {
		this(base, List.of());
	}

	private HttpApi(String base, List<String> headers) {
		this.base = base;
		this.headers = headers;
	}

	/**
	 * The same API, each request carrying {@code Authorization: Bearer token} (sent as
	 * given, even if it is no valid token at all).
	 */
	public HttpApi withToken(String token) {
		return withHeaders("Authorization", "Bearer " + token);
	}

	/**
	 * The same API, each request carrying these headers too (names and values,
	 * alternating).
	 */
	public HttpApi withHeaders(String... headers) {
		List<String> all = new ArrayList<>(this.headers);
		all.addAll(List.of(headers));
		return new HttpApi(this.base, List.copyOf(all));
	}

	public String base() {
		return this.base;
	}

	public Response get(String path) {
		return send("GET", path, null, null);
	}

	public Response post(String path, String json) {
		return send("POST", path, "application/json", json);
	}

	public Response put(String path, String json) {
		return send("PUT", path, "application/json", json);
	}

	public Response delete(String path) {
		return send("DELETE", path, null, null);
	}

	/** Sends any method, content type and body; a {@code null} body sends none. */
	public Response send(String method, String path, String contentType, String body) {
		return sendBytes(method, path, contentType, (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	public Response sendBytes(String method, String path, String contentType, byte[] body) {
		URI uri = path.startsWith("http") ? URI.create(path) : URI.create(this.base + path);
		HttpRequest.Builder request = builder(uri).timeout(Duration.ofSeconds(30));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		try {
			HttpRequest built = request.build();
			return checked(built, this.client.send(built, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + uri + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Posts a multipart form, streamed with a Content-Length (or chunked). */
	public Response postMultipart(String path, Multipart form, boolean chunked) {
		return send(builder(URI.create(this.base + path)).header("Content-Type", form.contentType())
			.POST(chunked ? form.chunkedPublisher() : form.publisher()));
	}

	/**
	 * Sends any method with a JSON body ({@code null}: none) and extra headers, e.g.
	 * If-Match.
	 */
	public Response exchange(String method, String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return send((headers.length > 0) ? request.headers(headers) : request);
	}

	/** Posts a multipart form with a Content-Length and extra headers, e.g. If-Match. */
	public Response postMultipart(String path, Multipart form, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", form.contentType())
			.POST(form.publisher());
		return send((headers.length > 0) ? request.headers(headers) : request);
	}

	/** Sends a GET with extra headers, e.g. Range or If-None-Match. */
	public Response get(String path, String... headers) {
		URI uri = path.startsWith("http") ? URI.create(path) : URI.create(this.base + path);
		HttpRequest.Builder request = builder(uri);
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.GET());
	}

	/**
	 * Streams a body through a function without keeping it, e.g. to digest a large
	 * download.
	 */
	public <T> T download(String url, java.util.function.Function<java.io.InputStream, T> reader) {
		try {
			HttpRequest request = builder(URI.create(url)).build();
			HttpResponse<java.io.InputStream> response = this.client.send(request,
					HttpResponse.BodyHandlers.ofInputStream());
			check(request, response.statusCode(), response.headers().map(), null);
			try (java.io.InputStream body = response.body()) {
				return reader.apply(body);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Download of " + url + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder builder(URI uri) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		if (!this.headers.isEmpty()) {
			request.headers(this.headers.toArray(String[]::new));
		}
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpRequest built = request.timeout(Duration.ofMinutes(5)).build();
			return checked(built, this.client.send(built, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Response checked(HttpRequest request, HttpResponse<String> response) {
		check(request, response.statusCode(), response.headers().map(), response.body());
		return new Response(response.statusCode(), response.headers().map(), response.body());
	}

	/**
	 * Every response of the service is one its description allows; other servers' (a
	 * storage double, say) are not judged.
	 */
	private void check(HttpRequest request, int status, Map<String, List<String>> headers, @Nullable String body) {
		if (request.uri().toString().startsWith(this.base + "/")) {
			OpenApiContract.servedBy(this.base).check(request.method(), request.uri(), status, headers, body);
		}
	}

	/** Builds a JSON document from a Java value (maps, lists, strings, numbers). */
	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/**
	 * What came back.
	 *
	 * @param status the HTTP status
	 * @param headers all headers, names in lower case
	 * @param body the body as text
	 */
	public record Response(int status, java.util.Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public Optional<String> header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.flatMap((entry) -> entry.getValue().stream())
				.findFirst();
		}

		/** The URL of the {@code Link: <…>; rel="next"} header, if any. */
		public Optional<String> nextLink() {
			return header("Link").filter((link) -> link.endsWith("rel=\"next\""))
				.map((link) -> link.substring(link.indexOf('<') + 1, link.indexOf('>')));
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
