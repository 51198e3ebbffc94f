package com.talegenerator.tales.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Uploads through something that closes idle keep-alive connections after 1 s without a
 * word to the client (a proxy does it after 5 s with Node's default): OkHttp keeps such a
 * connection in its pool and, without a fix, sends the next upload into it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseIdleConnectionTests {

	private static final String KEY = "sb_secret_idle-test";

	private static final Duration PROXY_IDLE_TIMEOUT = Duration.ofSeconds(1);

	private IdleClosingServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new IdleClosingServer(PROXY_IDLE_TIMEOUT);
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.close();
	}

	/**
	 * The pool keeps idle connections longer than the proxy (as OkHttp's default 5 min
	 * does), so only the retry can save the second upload. Without it that upload fails
	 * before it reaches the server: "unexpected end of stream" for a small file,
	 * {@code SocketException: Broken pipe} for a large one.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 6, 1024 * 1024 })
	void storesAnUploadSentAfterTheIntermediaryClosedTheIdleConnection(int size, CapturedOutput output)
			throws Exception {
		SupabaseObjectStorage storage = storage(Duration.ofSeconds(10));
		storage.store("stories/abc/first.mp3", content("first"), 5, "audio/mpeg");

		Thread.sleep(1500);
		String second = "s".repeat(size);
		storage.store("stories/abc/second.mp3", content(second), size, "audio/mpeg");

		assertThat(this.server.requests).extracting(Received::connection, Received::target, Received::body)
			.containsExactly(tuple(1, "/storage/v1/object/tales/stories/abc/first.mp3", "first"),
					tuple(2, "/storage/v1/object/tales/stories/abc/second.mp3", second));
		// the pooled connection was dead: the retry, on a new one, stored it
		assertThat(this.server.closedIdle).containsExactly(1);
		assertThat(output.getOut())
			.contains("store stories/abc/second.mp3: the connection failed before the " + "content was sent")
			.contains("sending it once more on a fresh connection");
	}

	/** The pool drops the connection before the proxy would: no retry is needed. */
	@Test
	void closesAnIdleConnectionBeforeTheIntermediaryDoes(CapturedOutput output) throws Exception {
		SupabaseObjectStorage storage = storage(Duration.ofMillis(300));
		storage.store("stories/abc/first.mp3", content("first"), 5, "audio/mpeg");

		Thread.sleep(1500);
		storage.store("stories/abc/second.mp3", content("second"), 6, "audio/mpeg");

		assertThat(this.server.closedByClient).containsExactly(1);
		assertThat(this.server.closedIdle).isEmpty();
		assertThat(this.server.heads).hasSize(2);
		assertThat(this.server.requests).extracting(Received::connection, Received::body)
			.containsExactly(tuple(1, "first"), tuple(2, "second"));
		assertThat(output.getOut()).doesNotContain("sending it once more");
	}

	@Test
	void neverSendsContentTwiceOnceItWasRead() {
		SupabaseObjectStorage storage = storage(Duration.ofSeconds(10));
		int size = 1024 * 1024;

		// the server reads a little of the body, then drops the connection
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> storage.store("stories/abc/drop.mp3", content("d".repeat(size)), size, "audio/mpeg"))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE));

		assertThat(this.server.heads).containsExactly("/storage/v1/object/tales/stories/abc/drop.mp3");
	}

	/**
	 * @param idleConnectionTimeout how long the pool keeps an idle connection; the proxy
	 * keeps it 1 s
	 */
	private SupabaseObjectStorage storage(Duration idleConnectionTimeout) {
		StorageProperties.Supabase settings = new StorageProperties.Supabase(this.server.url(), KEY, null, false,
				Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20), idleConnectionTimeout);
		return new SupabaseObjectStorage(this.server.url(), KEY, "tales", SupabaseStorageFactory.httpClient(settings),
				JsonMapper.builder().build(), StorageProperties.MediaAccess.SIGNED, null);
	}

	private static InputStream content(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	/** A request the server read whole, and the connection it came on. */
	record Received(int connection, String target, String body) {
	}

	/**
	 * An HTTP/1.1 server on a plain socket that keeps connections alive between requests
	 * but closes one as soon as it has been idle for the timeout, as proxies do. It
	 * answers {@code Expect: 100-continue}, and every request with 200 and a Supabase
	 * upload reply.
	 */
	static final class IdleClosingServer implements AutoCloseable {

		/** The target of every request whose head arrived. */
		final List<String> heads = new CopyOnWriteArrayList<>();

		final List<Received> requests = new CopyOnWriteArrayList<>();

		/** Connections the server closed because they were idle. */
		final List<Integer> closedIdle = new CopyOnWriteArrayList<>();

		/** Connections the client closed. */
		final List<Integer> closedByClient = new CopyOnWriteArrayList<>();

		private final AtomicInteger connections = new AtomicInteger();

		private final Duration idleTimeout;

		private final ServerSocket socket;

		IdleClosingServer(Duration idleTimeout) throws IOException {
			this.idleTimeout = idleTimeout;
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "idle-closing-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.socket.getLocalPort() + "/";
		}

		int connectionCount() {
			return this.connections.get();
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					int id = this.connections.incrementAndGet();
					Thread handler = new Thread(() -> serve(id, connection), "idle-closing-server-" + id);
					handler.setDaemon(true);
					handler.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(int id, Socket connection) {
			try (connection) {
				InputStream in = new BufferedInputStream(connection.getInputStream());
				OutputStream out = connection.getOutputStream();
				while (true) {
					connection.setSoTimeout((int) this.idleTimeout.toMillis());
					String requestLine;
					try {
						requestLine = readLine(in);
					}
					catch (SocketTimeoutException ex) {
						// idle too long: close, and tell the client nothing
						this.closedIdle.add(id);
						return;
					}
					if (requestLine == null) {
						this.closedByClient.add(id);
						return;
					}
					connection.setSoTimeout(5000);
					String target = requestLine.split(" ")[1];
					this.heads.add(target);
					long length = 0;
					boolean expectContinue = false;
					for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
						String lower = header.toLowerCase(Locale.ROOT);
						if (lower.startsWith("content-length:")) {
							length = Long.parseLong(lower.substring("content-length:".length()).trim());
						}
						if (lower.startsWith("expect:") && lower.contains("100-continue")) {
							expectContinue = true;
						}
					}
					if (expectContinue) {
						out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
						out.flush();
					}
					if (target.endsWith("/drop.mp3")) {
						in.readNBytes(1000);
						// unread data makes the close a reset, as a crashed proxy's would
						// be
						return;
					}
					ByteArrayOutputStream body = new ByteArrayOutputStream();
					for (long i = 0; i < length; i++) {
						int b = in.read();
						if (b == -1) {
							return;
						}
						body.write(b);
					}
					this.requests.add(new Received(id, target, body.toString(StandardCharsets.UTF_8)));
					byte[] reply = "{\"Key\":\"tales/x\",\"Id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
					out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + reply.length
							+ "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.write(reply);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the client went away mid-request
			}
		}

		private static String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != -1; c = in.read()) {
				if (c == '\n') {
					return line.toString().replace("\r", "");
				}
				line.append((char) c);
			}
			return line.isEmpty() ? null : line.toString();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
