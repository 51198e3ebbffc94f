package com.talegenerator.tales.story;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.media.MediaExchanges;
import com.talegenerator.tales.media.Samples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads are checked by content, not only by their declared type (API.md, "Images"),
 * over real HTTP: a page, a script or an archive under an audio or image type, an image
 * of another format than it declares, a type the service does not store, an image over
 * the 5 MB limit are all refused with a problem, and nothing is stored or changed; every
 * accepted format is stored and served under its own type.
 */
class UploadContentIntegrationTests extends IntegrationTestSupport {

	/** {@code TALES_MAX_IMAGE_SIZE}'s default, 5 MB. */
	private static final int MAX_IMAGE_SIZE = 5 * 1024 * 1024;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private MediaExchanges api;

	@BeforeEach
	void connect() {
		this.api = new MediaExchanges(this.client, this.storageDirectory);
	}

	@Test
	void refusesAPageDeclaredAsAudioAndStoresNothing() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/audio";
		String before = this.api.get("/stories/" + id).getResponseBody();

		EntityExchangeResult<String> refused = this.api.upload(path, "story.mp3", "audio/mpeg", Samples.HTML);

		JsonNode problem = Problems.assertProblem(refused, 415, path);
		assertThat(problem.get("detail").asString()).contains("not MP3").contains("audio/mpeg");
		assertThat(this.api.exists("stories/" + id)).isFalse();
		assertThat(this.api.get("/stories/" + id).getResponseBody()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0} as {1}")
	@CsvSource({ "HTML, audio/mpeg", "HTML, audio/wav", "script, audio/ogg", "script, audio/aac", "ZIP, audio/mp4",
			"ZIP, audio/flac", "HTML, audio/webm", "empty head, audio/mpeg" })
	void refusesWhatIsNoAudioUnderAnyAudioType(String what, String type) {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/audio";

		Problems.assertProblem(this.api.upload(path, "a.mp3", type, Samples.file(noMedia(what), 5000)), 415, path);

		assertThat(this.api.exists("stories/" + id)).isFalse();
		assertThat(jsonBody(this.api.get("/stories/" + id)).get("audioFileUrl").isNull()).isTrue();
	}

	@Test
	void keepsTheStoredAudioWhenAReplacementUnderItsNameIsRefused() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/audio";
		byte[] mp3 = Samples.mp3(6000);
		String url = jsonBody(this.api.upload(path, "story.mp3", "audio/mpeg", mp3)).get("audioFileUrl").asString();
		String before = unsigned(this.api.get("/stories/" + id).getResponseBody());

		Problems.assertProblem(this.api.upload(path, "story.mp3", "audio/mpeg", Samples.file(Samples.HTML, 7000)), 415,
				path);

		assertThat(unsigned(this.api.get("/stories/" + id).getResponseBody())).isEqualTo(before);
		assertThat(this.api.get(url).getResponseBodyContent()).isEqualTo(mp3);
		assertThat(this.api.files("stories/" + id)).containsExactly("story.mp3");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "MP3 with ID3, audio/mpeg, audio/mpeg", "MP3 frame, audio/mp3, audio/mpeg",
			"WAV, audio/x-wav, audio/wav", "Ogg, audio/ogg, audio/ogg", "FLAC, audio/flac, audio/flac",
			"M4A, audio/x-m4a, audio/mp4", "WebM, audio/webm, audio/webm", "ADTS, audio/aac, audio/aac",
			"ADIF, audio/aac, audio/aac" })
	void storesEveryAudioFormatUnderItsOwnType(String format, String declared, String served) {
		String id = this.api.createStory();
		byte[] audio = Samples.file(audioHead(format), 3000);

		EntityExchangeResult<String> uploaded = this.api.upload("/stories/" + id + "/audio", "story.bin", declared,
				audio);

		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		EntityExchangeResult<String> download = this.api.get(jsonBody(uploaded).get("audioFileUrl").asString());
		assertThat(download.getResponseBodyContent()).isEqualTo(audio);
		assertThat(header(download, "Content-Type")).hasValue(served);
	}

	@Test
	void refusesAnImageWhoseBytesAreAnotherFormatThanItsType() {
		String story = this.api.createStory();
		String hero = this.api.createHero("Misdeclared " + UUID.randomUUID());

		for (String folder : List.of("stories/" + story, "heroes/" + hero)) {
			String path = "/" + folder + (folder.startsWith("stories") ? "/thumbnail" : "/portrait");
			JsonNode asJpeg = Problems.assertProblem(this.api.upload(path, "p.jpg", "image/jpeg", Samples.png(2000)),
					415, path);
			assertThat(asJpeg.get("detail").asString()).contains("not JPEG");
			Problems.assertProblem(this.api.upload(path, "p.png", "image/png", Samples.webp(2000)), 415, path);
			Problems.assertProblem(this.api.upload(path, "p.webp", "image/webp", Samples.file(Samples.WAV, 2000)), 415,
					path);
			Problems.assertProblem(this.api.upload(path, "p.png", "image/png", Samples.file(Samples.HTML, 2000)), 415,
					path);
			assertThat(this.api.exists(folder)).as(folder).isFalse();
		}
		assertThat(jsonBody(this.api.get("/stories/" + story)).get("thumbnailUrl").isNull()).isTrue();
		assertThat(jsonBody(this.api.get("/heroes/" + hero)).get("portraitUrl").isNull()).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "image/gif, GIF89a", "image/svg+xml, <svg xmlns='http://www.w3.org/2000/svg'/>", "image/bmp, BM",
			"text/html, <!DOCTYPE html>", "application/octet-stream, whatever", "audio/mpeg, ID3" })
	void refusesImageTypesOtherThanPngJpegAndWebp(String type, String content) {
		String story = this.api.createStory();
		String path = "/stories/" + story + "/thumbnail";
		byte[] file = Samples.file(content.getBytes(StandardCharsets.US_ASCII), 1000);

		JsonNode problem = Problems.assertProblem(this.api.upload(path, "t.img", type, file), 415, path);

		assertThat(problem.get("detail").asString()).contains("image/png, image/jpeg, image/webp");
		String hero = this.api.createHero("Gif " + UUID.randomUUID());
		Problems.assertProblem(this.api.upload("/heroes/" + hero + "/portrait", "p.img", type, file), 415,
				"/heroes/" + hero + "/portrait");
		assertThat(this.api.exists("stories/" + story)).isFalse();
		assertThat(this.api.exists("heroes/" + hero)).isFalse();
	}

	@Test
	void acceptsAnImageOfExactlyTheLimitAndRefusesOneByteMore() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/thumbnail";
		byte[] largest = Samples.png(MAX_IMAGE_SIZE);

		EntityExchangeResult<String> accepted = this.api.upload(path, "t.png", "image/png", largest);

		assertThat(accepted.getStatus().value()).as("%s", accepted).isEqualTo(200);
		String url = jsonBody(accepted).get("thumbnailUrl").asString();
		assertThat(header(this.api.get(url, "Range", "bytes=0-0"), "Content-Range"))
			.hasValue("bytes 0-0/" + MAX_IMAGE_SIZE);
		String before = unsigned(this.api.get("/stories/" + id).getResponseBody());

		EntityExchangeResult<String> tooLarge = this.api.upload(path, "t.jpg", "image/jpeg",
				Samples.jpeg(MAX_IMAGE_SIZE + 1));

		JsonNode problem = Problems.assertProblem(tooLarge, 413, path);
		assertThat(problem.get("detail").asString()).contains(String.valueOf(MAX_IMAGE_SIZE));
		assertThat(unsigned(this.api.get("/stories/" + id).getResponseBody())).isEqualTo(before);
		assertThat(this.api.files("stories/" + id)).containsExactly("thumbnail.png");
		String hero = this.api.createHero("Large " + UUID.randomUUID());
		Problems.assertProblem(this.api.upload("/heroes/" + hero + "/portrait", "p.jpg", "image/jpeg",
				Samples.jpeg(MAX_IMAGE_SIZE + 1)), 413, "/heroes/" + hero + "/portrait");
		assertThat(this.api.exists("heroes/" + hero)).isFalse();
	}

	@Test
	void refusesAnEmptyImageAsAnInvalidField() {
		String id = this.api.createStory();
		String path = "/stories/" + id + "/thumbnail";

		Problems.assertInvalidFields(this.api.upload(path, "t.png", "image/png", new byte[0]), path, "file");

		assertThat(this.api.exists("stories/" + id)).isFalse();
	}

	/**
	 * A story as JSON without its URLs' tokens, which change with the signing window: a
	 * refused upload must leave everything else as it was.
	 */
	private static String unsigned(String body) {
		return body.replaceAll("token=[^&\"]+", "token=…");
	}

	private static byte[] noMedia(String what) {
		return switch (what) {
			case "HTML" -> Samples.HTML;
			case "script" -> Samples.SCRIPT;
			case "ZIP" -> Samples.ZIP;
			// a file whose first bytes are zeros: no format starts so
			case "empty head" -> new byte[16];
			default -> throw new IllegalArgumentException(what);
		};
	}

	private static byte[] audioHead(String format) {
		return switch (format) {
			case "MP3 with ID3" -> Samples.MP3_ID3;
			case "MP3 frame" -> Samples.MP3_FFFB;
			case "WAV" -> Samples.WAV;
			case "Ogg" -> Samples.OGG;
			case "FLAC" -> Samples.FLAC;
			case "M4A" -> Samples.M4A;
			case "WebM" -> Samples.WEBM;
			case "ADTS" -> Samples.AAC_FFF1;
			case "ADIF" -> Samples.AAC_ADIF;
			default -> throw new IllegalArgumentException(format);
		};
	}

}
