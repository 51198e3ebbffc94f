package com.talegenerator.tales.health;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.RawHttp;
import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardWrapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stopping the service (SIGTERM closes the context the same way) lets an upload that is
 * still streaming in finish and be stored, then refuses new connections. The slow upload
 * is written to the socket as it goes: an HTTP client in a test reads a whole body before
 * it sends any of it.
 */
class GracefulShutdownIntegrationTests {

	private static final int SIZE = 1024 * 1024;

	@TempDir
	Path directory;

	@Test
	void finishesAnUploadInFlightThenRefusesNewRequests() throws Exception {
		ConfigurableApplicationContext service = new SpringApplicationBuilder(TalesApplication.class).run(
				"--server.port=0", "--tales.database.embedded.data-directory=",
				"--tales.storage.local-directory=" + this.directory.resolve("storage"));
		int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		RestTestClient client = RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.requestInterceptor(new OpenApiValidatingInterceptor(() -> port))
			.build();
		JsonNode story = client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Slow\",\"content\":\"c\",\"moral\":\"m\"}")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String id = story.get("id").asString();
		awaitNoRequestInProgress(service);
		CountDownLatch streaming = new CountDownLatch(1);

		CompletableFuture<RawHttp.Response> upload = CompletableFuture
			.supplyAsync(() -> slowUpload(new RawHttp(port), "/stories/" + id + "/audio", streaming));
		assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();
		awaitRequestInProgress(service);
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(service::close);

		RawHttp.Response uploaded = upload.get(60, TimeUnit.SECONDS);
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		assertThat(URI.create(uploaded.json().get("audioFileUrl").asString()).getPath()).endsWith("/slow.mp3");
		shutdown.get(60, TimeUnit.SECONDS);
		assertThat(service.isActive()).isFalse();
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("/livez").exchange());
	}

	/**
	 * Posts a multipart form of one {@value #SIZE}-byte file, {@code slow.mp3}, with its
	 * Content-Length, the file's bytes as slowly as {@link #slowStream} gives them.
	 */
	private static RawHttp.Response slowUpload(RawHttp raw, String path, CountDownLatch streaming) {
		String boundary = "slow-upload";
		byte[] partHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.mp3\""
				+ "\r\nContent-Type: audio/mpeg\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] closing = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
				+ boundary + "\r\nContent-Length: " + (partHead.length + SIZE + closing.length)
				+ "\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] start = new byte[head.length + partHead.length];
		System.arraycopy(head, 0, start, 0, head.length);
		System.arraycopy(partHead, 0, start, head.length, partHead.length);
		return raw.stream(start,
				new SequenceInputStream(slowStream(SIZE, streaming), new ByteArrayInputStream(closing)));
	}

	/**
	 * Waits until the upload is inside the dispatcher servlet, which is what graceful
	 * shutdown waits for: the client sending its body says nothing about whether the
	 * server has begun the request. The story's POST before it must have left the servlet
	 * first, or it would be taken for the upload (a busy worker thread could be either).
	 */
	private static void awaitRequestInProgress(ConfigurableApplicationContext service) throws InterruptedException {
		StandardWrapper dispatcher = dispatcherServlet(service);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (dispatcher.getCountAllocated() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(dispatcher.getCountAllocated()).isPositive();
	}

	private static void awaitNoRequestInProgress(ConfigurableApplicationContext service) throws InterruptedException {
		StandardWrapper dispatcher = dispatcherServlet(service);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (dispatcher.getCountAllocated() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(dispatcher.getCountAllocated()).isZero();
	}

	private static StandardWrapper dispatcherServlet(ConfigurableApplicationContext service) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();
		Container context = server.getTomcat().getHost().findChildren()[0];
		return (StandardWrapper) context.findChild("dispatcherServlet");
	}

	/**
	 * Sends an MP3 16 kB every 20 ms (about 1.3 s for 1 MB), and says when sending has
	 * begun.
	 */
	private static InputStream slowStream(int size, CountDownLatch started) {
		InputStream audio = MediaSamples.stream("audio/mpeg", size);
		return new InputStream() {

			private int remaining = size;

			@Override
			public int read() {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0];
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.remaining <= 0) {
					return -1;
				}
				started.countDown();
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				try {
					int n = audio.read(buffer, offset, Math.min(Math.min(length, 16 * 1024), this.remaining));
					this.remaining -= n;
					return n;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

		};
	}

}
