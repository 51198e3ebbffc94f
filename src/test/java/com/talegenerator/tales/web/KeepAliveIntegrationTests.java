package com.talegenerator.tales.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client keeps its connection for many requests
 * ({@code server.tomcat.max-keep-alive-requests} is 1000, not Tomcat's 100): connections
 * reopened every 100 requests were what filled the old generation under load
 * (docs/performance.md).
 */
class KeepAliveIntegrationTests extends IntegrationTestSupport {

	/**
	 * Well past Tomcat's default of 100, which would close the connection on the 100th.
	 */
	private static final int REQUESTS = 250;

	@LocalServerPort
	private int port;

	@Test
	void keepsAClientsConnectionPastAHundredRequests() throws IOException {
		List<String> heads = new ArrayList<>();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < REQUESTS; i++) {
				out.write(request);
				out.flush();
				heads.add(readResponse(in));
			}
		}

		assertThat(heads).hasSize(REQUESTS).allSatisfy((head) -> {
			assertThat(head).startsWith("HTTP/1.1 200");
			assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("connection: close");
		});
	}

	/** Reads one response with a Content-Length body and returns its head. */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).as("the connection closed after %s", head).isNotNegative();
			head.write(b);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		int length = text.lines()
			.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
			.map((line) -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Content-Length in " + text));
		assertThat(in.readNBytes(length)).hasSize(length);
		return text;
	}

}
