package com.talegenerator.tales.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.media.MediaExchanges;
import com.talegenerator.tales.media.Samples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.media.MediaExchanges.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed URLs that live three seconds (so windows of one): once a URL's lifetime is over
 * its download is a 403 problem that says so, the story shows a freshly signed URL, and
 * the story's old ETag no longer answers 304, since the URLs it named have expired. A
 * context of its own, for its short lifetime.
 */
@TestPropertySource(properties = "tales.storage.media.url-ttl=3s")
class ExpiredSignedUrlIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Test
	void refusesAnExpiredUrlAndShowsAFreshOne() throws InterruptedException {
		MediaExchanges api = new MediaExchanges(this.client, this.storageDirectory);
		String id = api.createStory();
		byte[] mp3 = Samples.mp3(2000);
		api.upload("/stories/" + id + "/audio", "story.mp3", "audio/mpeg", mp3);
		EntityExchangeResult<String> read = api.get("/stories/" + id);
		String url = jsonBody(read).get("audioFileUrl").asString();
		String etag = header(read, "ETag").orElseThrow();
		long expiresAt = JSON.readTree(Base64.getUrlDecoder().decode(token(url).split("\\.")[1])).get("exp").asLong();
		assertThat(expiresAt).isGreaterThan(Instant.now().getEpochSecond());

		// the token's exp is whole seconds: it holds until that second is over
		while (Instant.now().isBefore(Instant.ofEpochSecond(expiresAt + 1))) {
			Thread.sleep(100);
		}

		String path = URI.create(url).getRawPath();
		assertThat(Problems.assertProblem(api.get(url), 403, path).get("detail").asString()).contains("expired");
		EntityExchangeResult<String> again = api.get("/stories/" + id, "If-None-Match", etag);
		assertThat(again.getStatus().value()).as("%s", again).isEqualTo(200);
		assertThat(header(again, "ETag")).isPresent().get().isNotEqualTo(etag);
		String fresh = jsonBody(again).get("audioFileUrl").asString();
		assertThat(token(fresh)).isNotEqualTo(token(url));
		assertThat(api.get(fresh).getResponseBodyContent()).isEqualTo(mp3);
		String redirect = header(api.get("/stories/" + id + "/audio"), "Location").orElseThrow();
		assertThat(api.get(redirect).getResponseBodyContent()).isEqualTo(mp3);
	}

}
