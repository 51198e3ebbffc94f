package com.talegenerator.tales;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.talegenerator.tales.openapi.OpenApiContract;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send: a request line
 * with a space, an invalid {@code %} escape, a bad header, a body that is not UTF-8 under
 * any content type, a body whose framing is the point. The request is written exactly as
 * given (with {@code Connection: close}, so the response ends with the connection), and
 * every response is checked against the service's {@code /openapi.json}.
 */
public final class RawHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * A request with this method and request target, and the given extra header lines.
	 */
	public Response request(String method, String target, String... headers) {
		// UTF-8: a non-ASCII character goes out as the raw bytes a browser would never
		// send
		return sendRaw(head(method, target, headers).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A request with this body as it is, of this {@code Content-Type} as it is (even one
	 * no client would accept), framed by a {@code Content-Length}; {@code null}: none.
	 */
	public Response request(String method, String target, @Nullable String contentType, byte @Nullable [] body) {
		List<String> headers = new ArrayList<>();
		if (contentType != null) {
			headers.add("Content-Type: " + contentType);
		}
		if (body != null) {
			headers.add("Content-Length: " + body.length);
		}
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head(method, target, headers.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
		if (body != null) {
			request.writeBytes(body);
		}
		return sendRaw(request.toByteArray());
	}

	/** Exactly these bytes: request line, headers and body. */
	public Response sendRaw(byte[] request) {
		return stream(request, InputStream.nullInputStream());
	}

	/**
	 * The request's head and the start of its body, then the rest of the body as fast as
	 * {@code rest} gives it: a slow upload, still arriving while the test acts.
	 */
	public Response stream(byte[] request, InputStream rest) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				byte[] buffer = new byte[16 * 1024];
				for (int n = rest.read(buffer); n >= 0; n = rest.read(buffer)) {
					out.write(buffer, 0, n);
				}
				out.flush();
				socket.shutdownOutput();
			}
			catch (SocketException ex) {
				// the server may answer and close before reading everything: read that
			}
			return checked(request, parse(readAll(socket.getInputStream())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String head(String method, String target, String... headers) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		return head.append("Connection: close\r\n\r\n").toString();
	}

	/**
	 * Every response is one the service's description allows: to a request line it can
	 * read, as the operation's; to one it cannot, as a problem.
	 */
	private Response checked(byte[] request, Response response) {
		String raw = new String(request, StandardCharsets.ISO_8859_1);
		String line = raw.substring(0, Math.max(0, raw.indexOf("\r\n")));
		String[] parts = line.split(" ", -1);
		OpenApiContract contract = OpenApiContract.servedBy("http://127.0.0.1:" + this.port);
		URI target = (parts.length == 3 && parts[1].startsWith("/")) ? uri(parts[1]) : null;
		if (target != null) {
			contract.check(parts[0], target, response.status(), response.headers(), response.body());
		}
		else {
			contract.checkRefusal(line, response.status(), response.headers(), response.body());
		}
		return response;
	}

	/**
	 * The target as a URI, or only its path when the query is what is malformed (the path
	 * alone names the operation).
	 */
	private @Nullable URI uri(String target) {
		for (String candidate : new String[] { target, target.split("\\?", 2)[0] }) {
			try {
				return new URI("http://127.0.0.1:" + this.port + candidate);
			}
			catch (URISyntaxException ex) {
				// try the path alone
			}
		}
		return null;
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			// a reset after the response: keep what arrived
		}
		return bytes.toByteArray();
	}

	private static Response parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int headEnd = text.indexOf("\r\n\r\n");
		if (headEnd < 0) {
			throw new IllegalStateException("No complete response: " + text);
		}
		String[] lines = text.substring(0, headEnd).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line : Arrays.asList(lines).subList(1, lines.length)) {
			int colon = line.indexOf(':');
			headers
				.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
		if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String text = new String(chunked, StandardCharsets.ISO_8859_1);
		int position = 0;
		while (true) {
			int lineEnd = text.indexOf("\r\n", position);
			int size = Integer.parseInt(text.substring(position, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				return body.toByteArray();
			}
			body.write(chunked, lineEnd + 2, size);
			position = lineEnd + 2 + size + 2;
		}
	}

	/**
	 * What came back.
	 *
	 * @param status the HTTP status
	 * @param headers all headers, names in lower case
	 * @param body the body as text (empty if there was none)
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The first value of this header, if the response has it. */
		public Optional<String> header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
