package com.talegenerator.tales.hero;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.media.MediaExchanges;
import com.talegenerator.tales.media.Samples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Exchanges.origin;
import static com.talegenerator.tales.media.MediaExchanges.assertSignedUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heroes' portraits over real HTTP, with local storage and signed media URLs (the
 * defaults): uploaded, shown as a signed URL that serves the exact bytes, replaced (also
 * by another format, whose file takes the old one's place), redirected to, removed,
 * listed, guarded by {@code If-Match}, and gone with their hero.
 */
class HeroPortraitIntegrationTests extends IntegrationTestSupport {

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private MediaExchanges api;

	@BeforeEach
	void connect() {
		this.api = new MediaExchanges(this.client, this.storageDirectory);
	}

	@Test
	void showsAnUploadedPortraitAtASignedUrlThatServesItsBytes() {
		String id = this.api.createHero("Portrait " + UUID.randomUUID());
		byte[] png = Samples.png(20_000);

		EntityExchangeResult<String> uploaded = this.api.upload("/heroes/" + id + "/portrait", "me.png", "image/png",
				png);

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		String url = jsonBody(uploaded).get("portraitUrl").asString();
		assertSignedUrl(url, origin(uploaded), "heroes/" + id + "/portrait.png");
		assertThat(jsonBody(this.api.get("/heroes/" + id)).get("portraitUrl").asString()).isEqualTo(url);
		assertThat(this.api.files("heroes/" + id)).containsExactly("portrait.png");

		EntityExchangeResult<String> download = this.api.get(url);
		assertThat(download.getStatus().value()).isEqualTo(200);
		assertThat(download.getResponseBodyContent()).isEqualTo(png);
		assertThat(header(download, "Content-Type")).hasValue("image/png");
		assertThat(header(download, "Content-Length")).hasValue("20000");
		assertThat(header(download, "ETag")).isPresent();
		assertThat(header(download, "X-Content-Type-Options")).hasValue("nosniff");

		EntityExchangeResult<String> range = this.api.get(url, "Range", "bytes=100-199");
		assertThat(range.getStatus().value()).isEqualTo(206);
		assertThat(header(range, "Content-Range")).hasValue("bytes 100-199/20000");
		assertThat(range.getResponseBodyContent()).isEqualTo(Arrays.copyOfRange(png, 100, 200));
	}

	@Test
	void replacesAPortraitByOneOfAnotherFormatUnderANewUrl() {
		String id = this.api.createHero("Replaced " + UUID.randomUUID());
		String pngUrl = portraitUrl(
				this.api.upload("/heroes/" + id + "/portrait", "a.png", "image/png", Samples.png(1000)));
		byte[] jpeg = Samples.jpeg(3000);

		EntityExchangeResult<String> replaced = this.api.upload("/heroes/" + id + "/portrait", "b.jpg", "image/jpeg",
				jpeg);

		String jpegUrl = portraitUrl(replaced);
		assertThat(jpegUrl).isNotEqualTo(pngUrl);
		assertSignedUrl(jpegUrl, origin(replaced), "heroes/" + id + "/portrait.jpg");
		assertThat(this.api.files("heroes/" + id)).containsExactly("portrait.jpg");
		EntityExchangeResult<String> download = this.api.get(jpegUrl);
		assertThat(download.getResponseBodyContent()).isEqualTo(jpeg);
		assertThat(header(download, "Content-Type")).hasValue("image/jpeg");
		// the old URL's token is still good, but its file is gone
		assertThat(this.api.get(pngUrl).getStatus().value()).isEqualTo(404);
	}

	@Test
	void replacesAPortraitOfTheSameFormatUnderANewUrl() {
		String id = this.api.createHero("Same format " + UUID.randomUUID());
		String first = portraitUrl(
				this.api.upload("/heroes/" + id + "/portrait", "a.png", "image/png", Samples.png(1000)));
		byte[] second = Samples.png(2000);

		String replaced = portraitUrl(this.api.upload("/heroes/" + id + "/portrait", "a.png", "image/png", second));

		// a cache keyed by the URL cannot serve the first bytes for the second portrait
		assertThat(replaced).isNotEqualTo(first);
		assertThat(URI.create(replaced).getPath()).isEqualTo(URI.create(first).getPath());
		assertThat(this.api.get(replaced).getResponseBodyContent()).isEqualTo(second);
		assertThat(this.api.files("heroes/" + id)).containsExactly("portrait.png");
	}

	@Test
	void redirectsToAFreshlySignedUrlOfThePortrait() {
		String id = this.api.createHero("Redirect " + UUID.randomUUID());
		byte[] webp = Samples.webp(1500);
		this.api.upload("/heroes/" + id + "/portrait", "p.webp", "image/webp", webp);

		EntityExchangeResult<String> redirect = this.api.get("/heroes/" + id + "/portrait");

		assertThat(redirect.getStatus().value()).isEqualTo(302);
		String location = header(redirect, "Location").orElseThrow();
		assertSignedUrl(location, origin(redirect), "heroes/" + id + "/portrait.webp");
		EntityExchangeResult<String> download = this.api.get(location);
		assertThat(download.getResponseBodyContent()).isEqualTo(webp);
		assertThat(header(download, "Content-Type")).hasValue("image/webp");
	}

	@Test
	void removesThePortraitOnce() {
		String id = this.api.createHero("Removed " + UUID.randomUUID());
		String path = "/heroes/" + id + "/portrait";
		String url = portraitUrl(this.api.upload(path, "p.png", "image/png", Samples.png(500)));

		EntityExchangeResult<String> removed = this.api.delete(path);

		assertThat(removed.getStatus().value()).as("%s", removed).isEqualTo(204);
		assertThat(jsonBody(this.api.get("/heroes/" + id)).get("portraitUrl").isNull()).isTrue();
		assertThat(this.api.files("heroes/" + id)).isEmpty();
		assertThat(this.api.get(url).getStatus().value()).isEqualTo(404);
		Problems.assertProblem(this.api.delete(path), 404, path);
		Problems.assertProblem(this.api.get(path), 404, path);
	}

	@Test
	void answers404ForTheMissingPortraitOfAHeroOrOfNoHero() {
		String id = this.api.createHero("Portraitless " + UUID.randomUUID());
		String unknown = UUID.randomUUID().toString();

		assertThat(jsonBody(this.api.get("/heroes/" + id)).get("portraitUrl").isNull()).isTrue();
		Problems.assertProblem(this.api.get("/heroes/" + id + "/portrait"), 404, "/heroes/" + id + "/portrait");
		Problems.assertProblem(
				this.api.upload("/heroes/" + unknown + "/portrait", "p.png", "image/png", Samples.png(100)), 404,
				"/heroes/" + unknown + "/portrait");
		assertThat(this.api.exists("heroes/" + unknown)).isFalse();
	}

	@Test
	void showsSignedPortraitUrlsInSparseLists() {
		String name = "Listed " + UUID.randomUUID();
		String withPortrait = this.api.createHero(name);
		String without = this.api.createHero(name);
		byte[] png = Samples.png(700);
		this.api.upload("/heroes/" + withPortrait + "/portrait", "p.png", "image/png", png);

		EntityExchangeResult<String> sparse = this.api.get("/heroes?fields=id,portraitUrl&name=" + encode(name));
		EntityExchangeResult<String> full = this.api.get("/heroes?name=" + encode(name));

		assertThat(sparse.getStatus().value()).as("%s", sparse).isEqualTo(200);
		for (EntityExchangeResult<String> list : List.of(sparse, full)) {
			JsonNode items = jsonBody(list);
			assertThat(items).hasSize(2);
			for (JsonNode hero : items) {
				if (hero.get("id").asString().equals(without)) {
					assertThat(hero.get("portraitUrl").isNull()).isTrue();
				}
				else {
					String url = hero.get("portraitUrl").asString();
					assertSignedUrl(url, origin(list), "heroes/" + withPortrait + "/portrait.png");
					assertThat(this.api.get(url).getResponseBodyContent()).isEqualTo(png);
				}
			}
		}
		assertThat(jsonBody(sparse).get(0).propertyNames()).containsExactlyInAnyOrder("id", "portraitUrl");
	}

	@Test
	void deletingAHeroRemovesItsPortrait() {
		String id = this.api.createHero("Deleted " + UUID.randomUUID());
		String url = portraitUrl(
				this.api.upload("/heroes/" + id + "/portrait", "p.png", "image/png", Samples.png(300)));

		assertThat(this.api.delete("/heroes/" + id).getStatus().value()).isEqualTo(204);

		assertThat(this.api.exists("heroes/" + id)).isFalse();
		assertThat(this.api.get(url).getStatus().value()).isEqualTo(404);
	}

	@Test
	void uploadsAndRemovesOnlyWhileIfMatchNamesTheCurrentVersion() {
		String id = this.api.createHero("Guarded " + UUID.randomUUID());
		String path = "/heroes/" + id + "/portrait";
		String stale = header(this.api.get("/heroes/" + id), "ETag").orElseThrow();
		String pngUrl = portraitUrl(this.api.upload(path, "p.png", "image/png", Samples.png(400), "If-Match", stale));
		// the hero now shows a signed URL: its tag names the signing window too
		EntityExchangeResult<String> read = this.api.get("/heroes/" + id);
		String current = header(read, "ETag").orElseThrow();
		assertThat(current).matches("\"[0-9a-f]+\\.[0-9a-z]+\"");

		EntityExchangeResult<String> refused = this.api.upload(path, "p.webp", "image/webp", Samples.webp(400),
				"If-Match", stale);
		Problems.assertProblem(refused, 412, path);
		Problems.assertProblem(this.api.delete(path, "If-Match", stale), 412, path);
		assertThat(this.api.files("heroes/" + id)).containsExactly("portrait.png");
		assertThat(jsonBody(this.api.get("/heroes/" + id)).get("portraitUrl").asString()).isEqualTo(pngUrl);

		// a tag read with a window's suffix names the version all the same
		EntityExchangeResult<String> replaced = this.api.upload(path, "p.webp", "image/webp", Samples.webp(400),
				"If-Match", current);
		assertThat(replaced.getStatus().value()).as("%s", replaced).isEqualTo(200);
		assertThat(this.api.files("heroes/" + id)).containsExactly("portrait.webp");
		String afterUpload = header(this.api.get("/heroes/" + id), "ETag").orElseThrow();
		assertThat(this.api.delete(path, "If-Match", afterUpload).getStatus().value()).isEqualTo(204);
		assertThat(this.api.files("heroes/" + id)).isEmpty();
	}

	private static String portraitUrl(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		return jsonBody(response).get("portraitUrl").asString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
