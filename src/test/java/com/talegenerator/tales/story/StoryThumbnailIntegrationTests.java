package com.talegenerator.tales.story;

import java.net.URI;
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
 * Stories' thumbnails over real HTTP, with local storage and signed media URLs (the
 * defaults): uploaded beside the story's audio, shown as a signed URL that serves the
 * exact bytes, replaced by another format, redirected to, removed, listed, guarded by
 * {@code If-Match}, and gone with their story.
 */
class StoryThumbnailIntegrationTests extends IntegrationTestSupport {

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private MediaExchanges api;

	@BeforeEach
	void connect() {
		this.api = new MediaExchanges(this.client, this.storageDirectory);
	}

	@Test
	void showsAnUploadedThumbnailAtASignedUrlThatServesItsBytes() {
		String id = this.api.createStory();
		byte[] jpeg = Samples.jpeg(30_000);

		EntityExchangeResult<String> uploaded = this.api.upload("/stories/" + id + "/thumbnail", "cover.jpeg",
				"image/jpeg", jpeg);

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		JsonNode story = jsonBody(uploaded);
		String url = story.get("thumbnailUrl").asString();
		assertSignedUrl(url, origin(uploaded), "stories/" + id + "/thumbnail.jpg");
		assertThat(story.get("audioFileUrl").isNull()).isTrue();
		assertThat(this.api.files("stories/" + id)).containsExactly("thumbnail.jpg");

		EntityExchangeResult<String> download = this.api.get(url);
		assertThat(download.getStatus().value()).isEqualTo(200);
		assertThat(download.getResponseBodyContent()).isEqualTo(jpeg);
		assertThat(header(download, "Content-Type")).hasValue("image/jpeg");
		assertThat(header(download, "Content-Length")).hasValue("30000");
		assertThat(header(download, "ETag")).isPresent();
		EntityExchangeResult<String> range = this.api.get(url, "Range", "bytes=29990-");
		assertThat(range.getStatus().value()).isEqualTo(206);
		assertThat(header(range, "Content-Range")).hasValue("bytes 29990-29999/30000");
		assertThat(range.getResponseBodyContent()).isEqualTo(Arrays.copyOfRange(jpeg, 29990, 30000));
	}

	@Test
	void keepsTheThumbnailAndTheAudioApartAndSignsBoth() {
		String id = this.api.createStory();
		byte[] mp3 = Samples.mp3(4000);
		byte[] png = Samples.png(2000);
		this.api.upload("/stories/" + id + "/audio", "story.mp3", "audio/mpeg", mp3);

		EntityExchangeResult<String> uploaded = this.api.upload("/stories/" + id + "/thumbnail", "t.png", "image/png",
				png);

		JsonNode story = jsonBody(uploaded);
		assertSignedUrl(story.get("audioFileUrl").asString(), origin(uploaded), "stories/" + id + "/story.mp3");
		assertSignedUrl(story.get("thumbnailUrl").asString(), origin(uploaded), "stories/" + id + "/thumbnail.png");
		assertThat(this.api.get(story.get("audioFileUrl").asString()).getResponseBodyContent()).isEqualTo(mp3);
		assertThat(this.api.get(story.get("thumbnailUrl").asString()).getResponseBodyContent()).isEqualTo(png);
		assertThat(this.api.files("stories/" + id)).containsExactly("story.mp3", "thumbnail.png");
		// removing the thumbnail leaves the audio
		assertThat(this.api.delete("/stories/" + id + "/thumbnail").getStatus().value()).isEqualTo(204);
		assertThat(this.api.files("stories/" + id)).containsExactly("story.mp3");
		JsonNode after = jsonBody(this.api.get("/stories/" + id));
		assertThat(after.get("thumbnailUrl").isNull()).isTrue();
		assertThat(this.api.get(after.get("audioFileUrl").asString()).getResponseBodyContent()).isEqualTo(mp3);
	}

	@Test
	void replacesAThumbnailByOneOfAnotherFormatUnderANewUrl() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/thumbnail";
		String pngUrl = thumbnailUrl(this.api.upload(path, "t.png", "image/png", Samples.png(1000)));
		byte[] webp = Samples.webp(1200);

		EntityExchangeResult<String> replaced = this.api.upload(path, "t.webp", "image/webp", webp);

		String webpUrl = thumbnailUrl(replaced);
		assertThat(webpUrl).isNotEqualTo(pngUrl);
		assertSignedUrl(webpUrl, origin(replaced), "stories/" + id + "/thumbnail.webp");
		assertThat(this.api.files("stories/" + id)).containsExactly("thumbnail.webp");
		assertThat(this.api.get(webpUrl).getResponseBodyContent()).isEqualTo(webp);
		assertThat(this.api.get(pngUrl).getStatus().value()).isEqualTo(404);
	}

	@Test
	void redirectsToAFreshlySignedUrlOfTheThumbnail() {
		String id = this.api.createStory();
		byte[] png = Samples.png(900);
		this.api.upload("/stories/" + id + "/thumbnail", "t.png", "image/png", png);

		EntityExchangeResult<String> redirect = this.api.get("/stories/" + id + "/thumbnail");

		assertThat(redirect.getStatus().value()).isEqualTo(302);
		String location = header(redirect, "Location").orElseThrow();
		assertSignedUrl(location, origin(redirect), "stories/" + id + "/thumbnail.png");
		assertThat(this.api.get(location).getResponseBodyContent()).isEqualTo(png);
	}

	@Test
	void removesTheThumbnailOnce() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/thumbnail";
		String url = thumbnailUrl(this.api.upload(path, "t.png", "image/png", Samples.png(500)));

		assertThat(this.api.delete(path).getStatus().value()).isEqualTo(204);

		assertThat(jsonBody(this.api.get("/stories/" + id)).get("thumbnailUrl").isNull()).isTrue();
		assertThat(this.api.files("stories/" + id)).isEmpty();
		assertThat(this.api.get(url).getStatus().value()).isEqualTo(404);
		Problems.assertProblem(this.api.delete(path), 404, path);
		Problems.assertProblem(this.api.get(path), 404, path);
		String unknown = "/stories/" + UUID.randomUUID() + "/thumbnail";
		Problems.assertProblem(this.api.get(unknown), 404, unknown);
		Problems.assertProblem(this.api.delete(unknown), 404, unknown);
	}

	@Test
	void showsSignedMediaUrlsInSparseAndFullLists() {
		String childName = "Thumbnailed " + UUID.randomUUID();
		String withThumbnail = createStoryFor(childName);
		String without = createStoryFor(childName);
		byte[] png = Samples.png(800);
		this.api.upload("/stories/" + withThumbnail + "/thumbnail", "t.png", "image/png", png);
		String query = "childName=" + childName.replace(" ", "%20");

		EntityExchangeResult<String> sparse = this.api.get("/stories?fields=id,thumbnailUrl&" + query);
		EntityExchangeResult<String> full = this.api.get("/stories?" + query);

		for (EntityExchangeResult<String> list : List.of(sparse, full)) {
			assertThat(list.getStatus().value()).as("%s", list).isEqualTo(200);
			JsonNode items = jsonBody(list);
			assertThat(items).hasSize(2);
			for (JsonNode story : items) {
				if (story.get("id").asString().equals(without)) {
					assertThat(story.get("thumbnailUrl").isNull()).isTrue();
				}
				else {
					String url = story.get("thumbnailUrl").asString();
					assertSignedUrl(url, origin(list), "stories/" + withThumbnail + "/thumbnail.png");
					assertThat(this.api.get(url).getResponseBodyContent()).isEqualTo(png);
				}
			}
		}
		assertThat(jsonBody(sparse).get(0).propertyNames()).containsExactlyInAnyOrder("id", "thumbnailUrl");
	}

	@Test
	void deletingAStoryRemovesItsThumbnailAndAudio() {
		String id = this.api.createStory();
		String audio = jsonBody(this.api.upload("/stories/" + id + "/audio", "s.mp3", "audio/mpeg", Samples.mp3(300)))
			.get("audioFileUrl")
			.asString();
		String thumbnail = thumbnailUrl(
				this.api.upload("/stories/" + id + "/thumbnail", "t.png", "image/png", Samples.png(300)));

		assertThat(this.api.delete("/stories/" + id).getStatus().value()).isEqualTo(204);

		assertThat(this.api.exists("stories/" + id)).isFalse();
		assertThat(this.api.get(audio).getStatus().value()).isEqualTo(404);
		assertThat(this.api.get(thumbnail).getStatus().value()).isEqualTo(404);
	}

	@Test
	void uploadsAndRemovesOnlyWhileIfMatchNamesTheCurrentVersion() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/thumbnail";
		String stale = header(this.api.get("/stories/" + id), "ETag").orElseThrow();
		String url = thumbnailUrl(this.api.upload(path, "t.png", "image/png", Samples.png(400), "If-Match", stale));
		String current = header(this.api.get("/stories/" + id), "ETag").orElseThrow();
		assertThat(current).matches("\"[0-9a-f]+\\.[0-9a-z]+\"");

		Problems.assertProblem(this.api.upload(path, "t.jpg", "image/jpeg", Samples.jpeg(400), "If-Match", stale), 412,
				path);
		Problems.assertProblem(this.api.delete(path, "If-Match", stale), 412, path);
		assertThat(this.api.files("stories/" + id)).containsExactly("thumbnail.png");
		assertThat(jsonBody(this.api.get("/stories/" + id)).get("thumbnailUrl").asString()).isEqualTo(url);

		EntityExchangeResult<String> replaced = this.api.upload(path, "t.jpg", "image/jpeg", Samples.jpeg(400),
				"If-Match", current);
		assertThat(replaced.getStatus().value()).as("%s", replaced).isEqualTo(200);
		assertThat(URI.create(thumbnailUrl(replaced)).getPath()).endsWith("/thumbnail.jpg");
		assertThat(this.api.delete(path, "If-Match", header(replaced, "ETag").orElseThrow()).getStatus().value())
			.isEqualTo(204);
		assertThat(this.api.files("stories/" + id)).isEmpty();
	}

	private String createStoryFor(String childName) {
		return MediaExchanges.created(this.api.post("/stories",
				"{\"title\":\"T\",\"content\":\"c\",\"moral\":\"m\",\"childName\":\"" + childName + "\"}"));
	}

	private static String thumbnailUrl(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as("%s", response).isEqualTo(200);
		return jsonBody(response).get("thumbnailUrl").asString();
	}

}
