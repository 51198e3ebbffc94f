package com.talegenerator.tales.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.talegenerator.tales.Multipart;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests of the media tests, sent with a {@link RestTestClient} (each path or URL
 * as written: already encoded, or one the service sent), and a look into local storage's
 * directory, where a test sees which files the service really keeps.
 */
public final class MediaExchanges {

	private final RestTestClient client;

	private final Path bucketDirectory;

	/**
	 * @param client the API's client
	 * @param storageDirectory {@code tales.storage.local-directory}
	 */
	public MediaExchanges(RestTestClient client, Path storageDirectory) {
		this.client = client;
		this.bucketDirectory = storageDirectory.resolve("tales");
	}

	/** A GET with these headers (names and values, alternating). */
	public EntityExchangeResult<String> get(String pathOrUrl, String... headers) {
		return this.client.get()
			.uri(URI.create(pathOrUrl))
			.headers(headers(headers))
			.exchange()
			.returnResult(String.class);
	}

	/** A JSON POST. */
	public EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	/** A form with one file part, {@code file}, and these headers. */
	public EntityExchangeResult<String> upload(String path, String fileName, String contentType, byte[] content,
			String... headers) {
		return post(path, new Multipart().file("file", fileName, contentType, content), headers);
	}

	/** A multipart form with these headers. */
	public EntityExchangeResult<String> post(String path, Multipart form, String... headers) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.headers(headers(headers))
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	public EntityExchangeResult<String> delete(String path, String... headers) {
		return this.client.delete()
			.uri(URI.create(path))
			.headers(headers(headers))
			.exchange()
			.returnResult(String.class);
	}

	private static Consumer<HttpHeaders> headers(String... namesAndValues) {
		return (headers) -> {
			for (int i = 0; i < namesAndValues.length; i += 2) {
				headers.add(namesAndValues[i], namesAndValues[i + 1]);
			}
		};
	}

	/** The id of the row a 201 created. */
	public static String created(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(201);
		return jsonBody(response).get("id").asString();
	}

	/** A new story of the API's default client. */
	public String createStory() {
		return created(post("/stories", "{\"title\":\"Media\",\"content\":\"Once…\",\"moral\":\"Be kind.\"}"));
	}

	/** A new hero called {@code name}. */
	public String createHero(String name) {
		return created(post("/heroes", "{\"name\":\"" + name
				+ "\",\"gender\":\"girl\",\"appearance\":\"a red cape\",\"personalityTraits\":[]}"));
	}

	/**
	 * The names of the files local storage keeps under {@code folder} (e.g.
	 * {@code heroes/{id}}), without the hidden ones of an upload under way; none when the
	 * folder does not exist.
	 */
	public List<String> files(String folder) {
		Path directory = this.bucketDirectory.resolve(folder);
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> !name.startsWith("."))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether local storage has anything at all under {@code folder}. */
	public boolean exists(String folder) {
		return Files.exists(this.bucketDirectory.resolve(folder));
	}

	/**
	 * Asserts that {@code url} is a signed URL of the object at {@code path}, served by
	 * the service at {@code origin}: Supabase's shape, a token, and the stored version.
	 */
	public static void assertSignedUrl(String url, String origin, String path) {
		assertThat(url).matches(Pattern.quote(origin + "/storage/v1/object/sign/tales/" + path)
				+ "\\?token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+&v=[0-9a-z]+");
	}

	/** The token of a signed URL. */
	public static String token(String signedUrl) {
		String query = URI.create(signedUrl).getRawQuery();
		for (String parameter : query.split("&")) {
			if (parameter.startsWith("token=")) {
				return parameter.substring("token=".length());
			}
		}
		throw new AssertionError("No token in " + signedUrl);
	}

}
