package com.talegenerator.tales.media;

import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;

import com.talegenerator.tales.Problems;
import com.talegenerator.tales.TestDatabase;
import com.talegenerator.tales.TestTokens;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.media.MediaExchanges.created;
import static com.talegenerator.tales.media.MediaExchanges.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images and signed URLs with authentication on (HS256 tokens minted here as Supabase
 * mints them): the shared catalogue's portraits are the back-office's, a user who tries
 * gets a 403 and nothing is stored; a family's images are theirs alone; and a signed URL
 * opens without a bearer token, as an {@code <img>} or {@code <audio>} element fetches
 * it, its token being the credential. A context of its own, for its settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class MediaAuthIntegrationTests {

	private static final String JWT_SECRET = "media-test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";

	private static final String ISSUER = "https://media-test.supabase.co/auth/v1";

	@LocalServerPort
	private int port;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private RestTestClient anonymous;

	private MediaExchanges backOffice;

	@DynamicPropertySource
	static void authentication(DynamicPropertyRegistry registry) {
		// first the database, then the settings under test, so that they win
		TestDatabase.register(registry);
		registry.add("tales.auth.mode", () -> "jwt");
		registry.add("tales.auth.jwt-secret", () -> JWT_SECRET);
		registry.add("tales.auth.supabase-url", () -> "");
		registry.add("tales.auth.issuer", () -> ISSUER);
	}

	@BeforeEach
	void connect(@Autowired RestTestClient client) {
		this.anonymous = client.mutate().requestInterceptor(new OpenApiValidatingInterceptor(() -> this.port)).build();
		this.backOffice = as(TestTokens.serviceRole(JWT_SECRET));
	}

	@Test
	void letsOnlyTheBackOfficeSetOrRemoveASharedHerosPortrait() {
		MediaExchanges user = user();
		String shared = this.backOffice.createHero("Catalogue " + UUID.randomUUID());
		String path = "/heroes/" + shared + "/portrait";

		JsonNode forbidden = Problems.assertProblem(user.upload(path, "p.png", "image/png", Samples.png(1000)), 403,
				path);

		assertThat(forbidden.get("detail").asString()).contains("shared catalogue");
		assertThat(user.exists("heroes/" + shared)).isFalse();
		Problems.assertProblem(user.delete(path), 403, path);
		byte[] png = Samples.png(1500);
		EntityExchangeResult<String> set = this.backOffice.upload(path, "p.png", "image/png", png);
		assertThat(set.getStatus().value()).as("%s", set).isEqualTo(200);
		// every user sees it, and may not replace or remove it
		String url = jsonBody(user.get("/heroes/" + shared)).get("portraitUrl").asString();
		assertThat(URI.create(url).getPath())
			.isEqualTo("/storage/v1/object/sign/tales/heroes/" + shared + "/portrait.png");
		Problems.assertProblem(user.upload(path, "p.jpg", "image/jpeg", Samples.jpeg(1000)), 403, path);
		Problems.assertProblem(user.delete(path), 403, path);
		assertThat(user.files("heroes/" + shared)).containsExactly("portrait.png");
		assertThat(header(user.get(path), "Location")).isPresent();
		assertThat(this.backOffice.delete(path).getStatus().value()).isEqualTo(204);
		assertThat(user.files("heroes/" + shared)).isEmpty();
	}

	@Test
	void keepsAFamilysImagesToThatFamily() {
		MediaExchanges owner = user();
		MediaExchanges other = user();
		String hero = created(owner.post("/heroes",
				"{\"name\":\"Mine\",\"gender\":\"girl\",\"appearance\":\"a red cape\",\"personalityTraits\":[]}"));
		String story = owner.createStory();
		String portrait = "/heroes/" + hero + "/portrait";
		String thumbnail = "/stories/" + story + "/thumbnail";
		assertThat(owner.upload(portrait, "p.png", "image/png", Samples.png(500)).getStatus().value()).isEqualTo(200);
		assertThat(owner.upload(thumbnail, "t.png", "image/png", Samples.png(500)).getStatus().value()).isEqualTo(200);

		// another family's rows answer like missing ones, before any file travels
		for (String path : new String[] { portrait, thumbnail }) {
			Problems.assertProblem(other.upload(path, "x.jpg", "image/jpeg", Samples.jpeg(500)), 404, path);
			Problems.assertProblem(other.get(path), 404, path);
			Problems.assertProblem(other.delete(path), 404, path);
		}
		assertThat(owner.files("heroes/" + hero)).containsExactly("portrait.png");
		assertThat(owner.files("stories/" + story)).containsExactly("thumbnail.png");
		Problems.assertProblem(new MediaExchanges(this.anonymous, this.storageDirectory).get(portrait), 401, portrait);
	}

	@Test
	void opensASignedUrlWithoutABearerToken() {
		MediaExchanges owner = user();
		String story = owner.createStory();
		byte[] png = Samples.png(700);
		String url = jsonBody(owner.upload("/stories/" + story + "/thumbnail", "t.png", "image/png", png))
			.get("thumbnailUrl")
			.asString();
		MediaExchanges browser = new MediaExchanges(this.anonymous, this.storageDirectory);

		EntityExchangeResult<String> download = browser.get(url);

		assertThat(download.getStatus().value()).as("%s", download).isEqualTo(200);
		assertThat(download.getResponseBodyContent()).isEqualTo(png);
		// without a valid token in the URL, it is the URL that is refused, not the caller
		String path = URI.create(url).getRawPath();
		Problems.assertProblem(browser.get(path), 403, path);
		Problems.assertProblem(browser.get(path + "?token=" + token(url).replace('.', 'x')), 403, path);
	}

	/** A new user, with a token of Supabase's shape. */
	private MediaExchanges user() {
		return as(TestTokens.user(JWT_SECRET, ISSUER, UUID.randomUUID()));
	}

	private MediaExchanges as(String token) {
		return new MediaExchanges(this.anonymous.mutate().defaultHeader("Authorization", "Bearer " + token).build(),
				this.storageDirectory);
	}

}
