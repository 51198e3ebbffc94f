package com.talegenerator.tales.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.Multipart;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.TestDatabase;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves over real HTTP, with authentication on and tokens minted here the way Supabase
 * mints them (HS256 with the project's JWT secret, ES256 with a key of the project's JWKS
 * served by a local stand-in of Supabase Auth), that only the family that owns a row sees
 * or changes it: two users cannot see or touch each other's children, heroes, stories,
 * audio or statistics, another user's row answering 404 exactly like a missing one; the
 * back-office ({@code service_role} key or {@code sb_secret_} key) sees and changes
 * everything, rows without an owner included; heroes without an owner are a read-only
 * shared catalogue. Expired, forged, foreign, unsigned and malformed tokens get a 401
 * problem with {@code WWW-Authenticate}; health, probes, API docs and public storage URLs
 * stay open; a browser frontend of an allowed origin may call the API; the OpenAPI
 * description declares the bearer scheme.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class AuthIntegrationTests {

	/** At least 512 bits, so that an HS512 token can be made with it too. */
	private static final String JWT_SECRET = "tales-test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMN";

	private static final String OTHER_SECRET = "another-projects-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCD";

	private static final String SERVICE_KEY = "sb_secret_test_5fJ2kQ9xLm0pRtVw";

	private static final String FRONTEND = "https://app.example";

	private static final ECKey SIGNING_KEY = ecKey("tales-test-key");

	private static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();

	/** Stands in for Supabase Auth: serves the project's JWKS. */
	private static final HttpServer AUTH_SERVER = startAuthServer();

	private static final String ISSUER = "http://127.0.0.1:" + AUTH_SERVER.getAddress().getPort() + "/auth/v1";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	/** Sends no token. */
	private RestTestClient anonymous;

	/** The legacy {@code service_role} key: a JWT signed with the JWT secret. */
	private RestTestClient backOffice;

	/** The {@code sb_secret_…} key sent as the bearer token. */
	private RestTestClient secretKey;

	@DynamicPropertySource
	static void authentication(DynamicPropertyRegistry registry) {
		// first the database, then the settings under test, so that they win
		TestDatabase.register(registry);
		registry.add("tales.auth.mode", () -> "jwt");
		registry.add("tales.auth.jwt-secret", () -> JWT_SECRET);
		registry.add("tales.auth.supabase-url", () -> "");
		registry.add("tales.auth.issuer", () -> ISSUER);
		registry.add("tales.auth.jwk-set-uri", () -> ISSUER + "/.well-known/jwks.json");
		registry.add("tales.auth.service-key", () -> SERVICE_KEY);
		registry.add("tales.auth.cors-allowed-origins", () -> FRONTEND);
		registry.add("tales.storage.supabase.url", () -> "");
		registry.add("tales.storage.public-base-url", () -> "");
	}

	@AfterAll
	static void stopAuthServer() {
		AUTH_SERVER.stop(0);
	}

	@BeforeEach
	void connectApi(@Autowired RestTestClient client) {
		this.anonymous = client.mutate().requestInterceptor(new OpenApiValidatingInterceptor(() -> this.port)).build();
		this.backOffice = withToken(this.anonymous, legacyServiceRoleKey());
		this.secretKey = withToken(this.anonymous, SERVICE_KEY);
	}

	// --- two families ----------------------------------------------------------------

	@Test
	void letsEachUserSeeTheirOwnRows() {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");

		assertThat(get(a.api(), "/children/" + familyA.child()).getStatus().value()).isEqualTo(200);
		assertThat(jsonBody(get(a.api(), "/stories/" + familyA.story())).get("rating").asInt()).isEqualTo(8);
		assertThat(header(get(a.api(), "/stories/" + familyA.story() + "/audio"), "Location"))
			.hasValue(familyA.audioUrl());
		assertThat(ids(get(a.api(), "/children"))).containsExactlyInAnyOrder(familyA.child(), familyA.newChild());
		assertThat(ids(get(a.api(), "/stories"))).containsExactlyInAnyOrder(familyA.story(),
				familyA.storyWithNewChild());
		assertThat(ids(get(a.api(), "/children/" + familyA.child() + "/stories"))).containsExactly(familyA.story());
		assertThat(ids(get(a.api(), "/heroes"))).contains(familyA.hero());
		// the ES256 user's tokens were verified with the key the JWKS endpoint serves
		Family familyB = family(b, "en");
		assertThat(ids(get(b.api(), "/children"))).containsExactlyInAnyOrder(familyB.child(), familyB.newChild());
		assertThat(JWKS_REQUESTS.get()).isPositive();
	}

	@Test
	void answersAnotherUsersRowsLikeMissingOnes() {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");
		family(b, "en");
		Map<String, JsonNode> before = snapshot(a, familyA);
		RestTestClient api = b.api();

		assertNotFound(get(api, "/children/" + familyA.child()), "/children/" + familyA.child());
		assertNotFound(put(api, "/children/" + familyA.child(), child("Renamed by B")), "/children/" + familyA.child());
		assertNotFound(get(api, "/children/" + familyA.child() + "/stories"),
				"/children/" + familyA.child() + "/stories");
		assertNotFound(delete(api, "/children/" + familyA.child()), "/children/" + familyA.child());
		assertNotFound(get(api, "/stories/" + familyA.story()), "/stories/" + familyA.story());
		assertNotFound(put(api, "/stories/" + familyA.story() + "/rating", "{\"rating\": 1}"),
				"/stories/" + familyA.story() + "/rating");
		assertNotFound(get(api, "/stories/" + familyA.story() + "/audio"), "/stories/" + familyA.story() + "/audio");
		assertNotFound(postMultipart(api, "/stories/" + familyA.story() + "/audio", audio("takeover.mp3")),
				"/stories/" + familyA.story() + "/audio");
		assertNotFound(delete(api, "/stories/" + familyA.story()), "/stories/" + familyA.story());
		assertNotFound(get(api, "/heroes/" + familyA.hero()), "/heroes/" + familyA.hero());
		assertNotFound(put(api, "/heroes/" + familyA.hero(), hero("Taken by B")), "/heroes/" + familyA.hero());
		assertNotFound(delete(api, "/heroes/" + familyA.hero()), "/heroes/" + familyA.hero());

		// exactly like a row that does not exist: same status, title and detail but for
		// the id
		String missing = UUID.randomUUID().toString();
		JsonNode foreign = jsonBody(get(api, "/children/" + familyA.child()));
		JsonNode absent = jsonBody(get(api, "/children/" + missing));
		assertThat(foreign.get("title")).isEqualTo(absent.get("title"));
		assertThat(foreign.get("type")).isEqualTo(absent.get("type"));
		assertThat(foreign.get("detail").asString().replace(familyA.child(), missing))
			.isEqualTo(absent.get("detail").asString());
		assertThat(snapshot(a, familyA)).isEqualTo(before);
		assertThat(storedAudio(familyA)).isEqualTo(MediaSamples.mp3("audio of " + familyA.story()));
		assertThat(storyFiles(familyA.story())).containsExactly("bedtime.mp3");
	}

	@Test
	void listsNoneOfAnotherUsersRows() {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");
		Family familyB = family(b, "en");

		assertThat(ids(get(b.api(), "/children"))).containsExactlyInAnyOrder(familyB.child(), familyB.newChild());
		assertThat(ids(get(b.api(), "/children?name=" + familyA.childName()))).isEmpty();
		assertThat(ids(get(b.api(), "/stories"))).containsExactlyInAnyOrder(familyB.story(),
				familyB.storyWithNewChild());
		assertThat(ids(get(b.api(), "/stories?childId=" + familyA.child()))).isEmpty();
		assertThat(ids(get(b.api(), "/stories?minRating=1"))).containsExactly(familyB.story());
		assertThat(ids(get(b.api(), "/heroes"))).contains(familyB.hero()).doesNotContain(familyA.hero());
		assertThat(ids(get(b.api(), "/heroes?name=" + familyA.heroName()))).isEmpty();
		assertThat(ids(get(a.api(), "/heroes"))).contains(familyA.hero()).doesNotContain(familyB.hero());
	}

	@Test
	void refusesAStoryForAnotherUsersChild() {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");
		long storiesBefore = count("SELECT count(*) FROM tales.stories");

		EntityExchangeResult<String> response = post(b.api(), "/stories",
				story("Borrowed child", Map.of("childId", familyA.child())));

		Problems.assertProblem(response, 422, "/stories");
		assertThat(response.getResponseBody()).doesNotContain(familyA.childName());
		assertThat(count("SELECT count(*) FROM tales.stories")).isEqualTo(storiesBefore);
	}

	@Test
	void givesABackOfficeStoryForAFamilysChildToThatFamily() {
		User a = hs256User();
		Family familyA = family(a, "en");

		String story = created(
				post(this.backOffice, "/stories", story("Written for A", Map.of("childId", familyA.child()))));

		assertThat(owner("stories", story)).isEqualTo(a.id());
		assertThat(get(a.api(), "/stories/" + story).getStatus().value()).isEqualTo(200);
	}

	@Test
	void countsOnlyTheCallersRowsInStats() {
		User a = hs256User();
		User b = es256User();
		family(a, "en");
		family(b, "fr");
		long shared = count("SELECT count(*) FROM tales.heroes WHERE user_id IS NULL");

		JsonNode statsA = jsonBody(get(a.api(), "/stats"));
		JsonNode statsB = jsonBody(get(b.api(), "/stats"));

		assertThat(statsA.get("children").asLong()).isEqualTo(2);
		assertThat(statsA.get("heroes").asLong()).isEqualTo(1 + shared);
		assertThat(statsA.get("stories").asLong()).isEqualTo(2);
		assertThat(statsA.get("ratedStories").asLong()).isEqualTo(1);
		assertThat(statsA.get("averageRating").decimalValue()).isEqualByComparingTo("8");
		assertThat(statsA.get("storiesByLanguage").toString()).isEqualTo("{\"en\":2}");
		assertThat(statsB.get("children").asLong()).isEqualTo(2);
		assertThat(statsB.get("heroes").asLong()).isEqualTo(1 + shared);
		assertThat(statsB.get("stories").asLong()).isEqualTo(2);
		assertThat(statsB.get("ratedStories").asLong()).isEqualTo(1);
		assertThat(statsB.get("averageRating").decimalValue()).isEqualByComparingTo("8");
		assertThat(statsB.get("storiesByLanguage").toString()).isEqualTo("{\"fr\":2}");
		// and a user with nothing sees nothing but the shared catalogue
		JsonNode empty = jsonBody(get(hs256User().api(), "/stats"));
		assertThat(empty.get("children").asLong()).isZero();
		assertThat(empty.get("stories").asLong()).isZero();
		assertThat(empty.get("heroes").asLong()).isEqualTo(shared);
		assertThat(empty.get("averageRating").isNull()).isTrue();
		assertThat(empty.get("storiesByLanguage").toString()).isEqualTo("{}");
	}

	@Test
	void ownsEveryCreatedRowByTheTokensSubject() {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");
		Family familyB = family(b, "en");

		for (Family family : List.of(familyA, familyB)) {
			UUID owner = family.user().id();
			assertThat(owner("children", family.child())).isEqualTo(owner);
			assertThat(owner("children", family.newChild())).isEqualTo(owner);
			assertThat(owner("stories", family.story())).isEqualTo(owner);
			assertThat(owner("stories", family.storyWithNewChild())).isEqualTo(owner);
			assertThat(owner("heroes", family.hero())).isEqualTo(owner);
		}
		// responses do not show the owner
		assertThat(jsonBody(get(a.api(), "/children/" + familyA.child())).has("userId")).isFalse();
	}

	@Test
	void refusesAUserIdInARequestBody() {
		User a = hs256User();
		Family familyA = family(a, "en");
		String other = UUID.randomUUID().toString();
		Map<String, Object> childWithOwner = Map.of("name", "Owned", "age", 5, "gender", "girl", "userId", other);
		Map<String, Object> heroWithOwner = Map.of("name", "Owned", "gender", "boy", "appearance", "tall", "userId",
				other);
		long rowsBefore = count("SELECT (SELECT count(*) FROM tales.children) + (SELECT count(*) FROM tales.heroes)"
				+ " + (SELECT count(*) FROM tales.stories)");

		Problems.assertProblem(post(a.api(), "/children", json(childWithOwner)), 400, "/children");
		Problems.assertProblem(put(a.api(), "/children/" + familyA.child(), json(childWithOwner)), 400,
				"/children/" + familyA.child());
		Problems.assertProblem(post(a.api(), "/heroes", json(heroWithOwner)), 400, "/heroes");
		Problems.assertProblem(put(a.api(), "/heroes/" + familyA.hero(), json(heroWithOwner)), 400,
				"/heroes/" + familyA.hero());
		Problems.assertProblem(post(a.api(), "/stories", story("Owned", Map.of("userId", other))), 400, "/stories");
		Problems.assertProblem(post(a.api(), "/stories", story("Owned", Map.of("child", childWithOwner))), 400,
				"/stories");
		Problems.assertProblem(post(this.backOffice, "/children", json(childWithOwner)), 400, "/children");

		assertThat(count("SELECT (SELECT count(*) FROM tales.children) + (SELECT count(*) FROM tales.heroes)"
				+ " + (SELECT count(*) FROM tales.stories)"))
			.isEqualTo(rowsBefore);
		assertThat(owner("children", familyA.child())).isEqualTo(a.id());
		assertThat(owner("heroes", familyA.hero())).isEqualTo(a.id());
	}

	// --- the shared catalogue ----------------------------------------------------------

	@Test
	void sharesTheBackOfficesHeroesReadOnly() {
		User a = hs256User();
		User b = es256User();
		String shared = created(post(this.backOffice, "/heroes", hero("Captain Catalogue")));
		String path = "/heroes/" + shared;
		assertThat(owner("heroes", shared)).isNull();

		for (User user : List.of(a, b)) {
			assertThat(get(user.api(), path).getStatus().value()).isEqualTo(200);
			assertThat(ids(get(user.api(), "/heroes"))).contains(shared);
		}
		JsonNode forbiddenUpdate = Problems.assertProblem(put(a.api(), path, hero("Captain Mine")), 403, path);
		assertThat(forbiddenUpdate.get("detail").asString()).contains("shared catalogue");
		Problems.assertProblem(delete(a.api(), path), 403, path);
		assertThat(jsonBody(get(b.api(), path)).get("name").asString()).isEqualTo("Captain Catalogue");

		EntityExchangeResult<String> updated = put(this.backOffice, path, hero("Captain Renamed"));
		assertThat(updated.getStatus().value()).as("%s", updated).isEqualTo(200);
		assertThat(jsonBody(get(a.api(), path)).get("name").asString()).isEqualTo("Captain Renamed");
		assertThat(owner("heroes", shared)).isNull();
		assertThat(delete(this.secretKey, path).getStatus().value()).isEqualTo(204);
		assertNotFound(get(a.api(), path), path);
	}

	@Test
	void letsAUserChangeTheirOwnHeroOnly() {
		User a = hs256User();
		User b = es256User();
		String own = created(post(a.api(), "/heroes", hero("Own hero")));

		EntityExchangeResult<String> updated = put(a.api(), "/heroes/" + own, hero("Own hero, renamed"));

		assertThat(updated.getStatus().value()).as("%s", updated).isEqualTo(200);
		assertThat(owner("heroes", own)).isEqualTo(a.id());
		assertNotFound(get(b.api(), "/heroes/" + own), "/heroes/" + own);
		assertThat(delete(a.api(), "/heroes/" + own).getStatus().value()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM tales.heroes WHERE id = '" + own + "'")).isZero();
	}

	// --- the back-office
	// -----------------------------------------------------------------

	@Test
	void letsTheLegacyServiceRoleKeySeeAndChangeEveryRow() {
		seesAndChangesEveryRow(this.backOffice);
	}

	@Test
	void letsTheSecretKeySeeAndChangeEveryRow() {
		seesAndChangesEveryRow(this.secretKey);
	}

	private void seesAndChangesEveryRow(RestTestClient office) {
		User a = hs256User();
		User b = es256User();
		Family familyA = family(a, "en");
		Family familyB = family(b, "en");

		assertThat(get(office, "/children/" + familyA.child()).getStatus().value()).isEqualTo(200);
		assertThat(get(office, "/stories/" + familyB.story()).getStatus().value()).isEqualTo(200);
		assertThat(get(office, "/heroes/" + familyA.hero()).getStatus().value()).isEqualTo(200);
		assertThat(ids(get(office, "/children?limit=500"))).contains(familyA.child(), familyB.child());
		assertThat(ids(get(office, "/stories?childId=" + familyA.child()))).containsExactly(familyA.story());
		assertThat(ids(get(office, "/heroes?limit=500"))).contains(familyA.hero(), familyB.hero());

		EntityExchangeResult<String> renamed = put(office, "/children/" + familyA.child(),
				child("Renamed by the office"));
		assertThat(renamed.getStatus().value()).as("%s", renamed).isEqualTo(200);
		assertThat(jsonBody(get(a.api(), "/children/" + familyA.child())).get("name").asString())
			.isEqualTo("Renamed by the office");
		assertThat(owner("children", familyA.child())).isEqualTo(a.id());
		assertThat(put(office, "/stories/" + familyB.story() + "/rating", "{\"rating\": 3}").getStatus().value())
			.isEqualTo(200);
		assertThat(jsonBody(get(b.api(), "/stories/" + familyB.story())).get("rating").asInt()).isEqualTo(3);
		EntityExchangeResult<String> uploaded = postMultipart(office,
				"/stories/" + familyA.storyWithNewChild() + "/audio", audio("office.mp3"));
		assertThat(uploaded.getStatus().value()).as("%s", uploaded).isEqualTo(200);
		assertThat(owner("stories", familyA.storyWithNewChild())).isEqualTo(a.id());
		assertThat(put(office, "/heroes/" + familyB.hero(), hero("Edited by the office")).getStatus().value())
			.isEqualTo(200);
		assertThat(delete(office, "/stories/" + familyB.storyWithNewChild()).getStatus().value()).isEqualTo(204);
		assertThat(delete(office, "/heroes/" + familyA.hero()).getStatus().value()).isEqualTo(204);
		assertThat(delete(office, "/children/" + familyB.newChild()).getStatus().value()).isEqualTo(204);
		assertNotFound(get(b.api(), "/stories/" + familyB.storyWithNewChild()),
				"/stories/" + familyB.storyWithNewChild());

		JsonNode stats = jsonBody(get(office, "/stats"));
		Map<String, Object> everything = this.jdbc.queryForMap("SELECT (SELECT count(*) FROM tales.children) AS c,"
				+ " (SELECT count(*) FROM tales.heroes) AS h, (SELECT count(*) FROM tales.stories) AS s");
		assertThat(stats.get("children").asLong()).isEqualTo(((Number) everything.get("c")).longValue());
		assertThat(stats.get("heroes").asLong()).isEqualTo(((Number) everything.get("h")).longValue());
		assertThat(stats.get("stories").asLong()).isEqualTo(((Number) everything.get("s")).longValue());

		String officeChild = created(post(office, "/children", child("The office's own")));
		assertThat(owner("children", officeChild)).isNull();
		assertNotFound(get(a.api(), "/children/" + officeChild), "/children/" + officeChild);
	}

	@Test
	void showsRowsWithoutOwnerToTheBackOfficeOnly() {
		User a = hs256User();
		UUID child = this.jdbc.queryForObject(
				"INSERT INTO tales.children (name, age, gender) VALUES ('From before', 6, 'boy') RETURNING id",
				UUID.class);
		UUID story = this.jdbc.queryForObject("INSERT INTO tales.stories (title, content, moral, child_id, child_name)"
				+ " VALUES ('Old story', 'Once…', 'Share.', ?, 'From before') RETURNING id", UUID.class, child);

		for (RestTestClient office : List.of(this.backOffice, this.secretKey)) {
			assertThat(get(office, "/children/" + child).getStatus().value()).isEqualTo(200);
			assertThat(get(office, "/stories/" + story).getStatus().value()).isEqualTo(200);
			assertThat(ids(get(office, "/stories?childId=" + child))).containsExactly(story.toString());
		}
		assertNotFound(get(a.api(), "/children/" + child), "/children/" + child);
		assertNotFound(get(a.api(), "/stories/" + story), "/stories/" + story);
		assertNotFound(get(a.api(), "/children/" + child + "/stories"), "/children/" + child + "/stories");
		assertNotFound(put(a.api(), "/stories/" + story + "/rating", "{\"rating\": 9}"),
				"/stories/" + story + "/rating");
		assertNotFound(delete(a.api(), "/children/" + child), "/children/" + child);
		assertThat(ids(get(a.api(), "/children"))).doesNotContain(child.toString());
		assertThat(ids(get(a.api(), "/stories?childId=" + child))).isEmpty();
		Problems.assertProblem(post(a.api(), "/stories", story("Adopted", Map.of("childId", child.toString()))), 422,
				"/stories");
		assertThat(jsonBody(get(this.backOffice, "/stories/" + story)).get("rating").isNull()).isTrue();
		assertThat(owner("children", child.toString())).isNull();
	}

	// --- refused tokens
	// ------------------------------------------------------------------

	@Test
	void refusesARequestWithoutAToken() {
		for (String path : List.of("/children", "/heroes", "/stories", "/stats")) {
			EntityExchangeResult<String> response = get(this.anonymous, path);

			assertUnauthorized(response, path);
			assertThat(jsonBody(response).get("detail").asString()).contains("Authorization: Bearer");
		}
		assertUnauthorized(post(this.anonymous, "/children", child("Anonymous")), "/children");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedTokens")
	void refusesAnInvalidToken(String name, String token) {
		RestTestClient api = withToken(this.anonymous, token);
		long childrenBefore = count("SELECT count(*) FROM tales.children");

		assertUnauthorized(get(api, "/children"), "/children");
		assertUnauthorized(get(api, "/stats"), "/stats");
		assertUnauthorized(post(api, "/children", child("Sneaky")), "/children");
		assertThat(count("SELECT count(*) FROM tales.children")).isEqualTo(childrenBefore);
	}

	static Stream<Arguments> refusedTokens() {
		UUID user = UUID.randomUUID();
		Instant now = Instant.now();
		ECKey otherKeySameId = ecKey(SIGNING_KEY.getKeyID());
		ECKey unknownKey = ecKey("unknown-key");
		return Stream.of(
				Arguments.of("expired HS256",
						hs256(userClaims(user,
								(claims) -> claims.issueTime(Date.from(now.minusSeconds(3900)))
									.expirationTime(Date.from(now.minusSeconds(300)))))),
				Arguments.of("expired ES256",
						es256(SIGNING_KEY,
								userClaims(user,
										(claims) -> claims.issueTime(Date.from(now.minusSeconds(3900)))
											.expirationTime(Date.from(now.minusSeconds(300)))))),
				Arguments.of("no expiry", hs256(userClaims(user, (claims) -> claims.expirationTime(null)))),
				Arguments.of("not valid yet",
						hs256(userClaims(user, (claims) -> claims.notBeforeTime(Date.from(now.plusSeconds(600)))))),
				Arguments.of("HS256 signed with another secret",
						sign(JWSAlgorithm.HS256, macSigner(OTHER_SECRET), null, userClaims(user))),
				Arguments.of("ES256 signed with another key of the same id", es256(otherKeySameId, userClaims(user))),
				Arguments.of("ES256 signed with a key the JWKS does not have", es256(unknownKey, userClaims(user))),
				Arguments.of("RS256 signed with a key the JWKS does not have",
						sign(JWSAlgorithm.RS256, rsaSigner(), "rsa-key", userClaims(user))),
				Arguments.of("HS512 with the right secret, an algorithm Supabase does not use",
						sign(JWSAlgorithm.HS512, macSigner(JWT_SECRET), null, userClaims(user))),
				Arguments.of("wrong issuer",
						hs256(userClaims(user, (claims) -> claims.issuer("https://other.supabase.co/auth/v1")))),
				Arguments.of("wrong issuer ES256",
						es256(SIGNING_KEY,
								userClaims(user, (claims) -> claims.issuer("https://other.supabase.co/auth/v1")))),
				Arguments.of("wrong audience", hs256(userClaims(user, (claims) -> claims.audience("anon")))),
				Arguments.of("no audience", hs256(userClaims(user, (claims) -> claims.audience((String) null)))),
				Arguments.of("sub not a UUID", hs256(userClaims(user, (claims) -> claims.subject("not-a-uuid")))),
				Arguments.of("no sub", hs256(userClaims(user, (claims) -> claims.subject(null)))),
				Arguments.of("legacy anon key", hs256(legacyKeyClaims("anon").build())),
				Arguments.of("service_role of another issuer",
						hs256(legacyKeyClaims("service_role").issuer("https://evil.example/auth/v1").build())),
				Arguments.of("service_role signed with another secret",
						sign(JWSAlgorithm.HS256, macSigner(OTHER_SECRET), null,
								legacyKeyClaims("service_role").build())),
				Arguments.of("alg none", new PlainJWT(userClaims(user)).serialize()),
				Arguments.of("alg none service_role",
						new PlainJWT(legacyKeyClaims("service_role").build()).serialize()),
				Arguments.of("another secret key", "sb_secret_someone_else_0123456789"),
				Arguments.of("publishable key", "sb_publishable_test_0123456789"), Arguments.of("malformed abc", "abc"),
				Arguments.of("malformed a.b.c", "a.b.c"), Arguments.of("malformed with spaces", "a b"),
				Arguments.of("empty", ""));
	}

	@Test
	void refusesCredentialsThatAreNoBearerToken() {
		RestTestClient basic = withHeaders(this.anonymous, "Authorization", "Basic dXNlcjpwYXNzd29yZA==");

		assertUnauthorized(get(basic, "/children"), "/children");
	}

	@Test
	void keepsHealthProbesDocsAndPublicFilesOpen() {
		User a = hs256User();
		Family familyA = family(a, "en");

		assertThat(get(this.anonymous, "/health").getStatus().value()).isEqualTo(200);
		assertThat(get(this.anonymous, "/livez").getStatus().value()).isEqualTo(200);
		assertThat(get(this.anonymous, "/readyz").getStatus().value()).isEqualTo(200);
		assertThat(get(this.anonymous, "/openapi.json").getStatus().value()).isEqualTo(200);
		EntityExchangeResult<String> docs = get(this.anonymous, "/docs");
		assertThat(docs.getStatus().value()).isEqualTo(302);
		EntityExchangeResult<String> ui = get(this.anonymous, header(docs, "Location").orElseThrow());
		assertThat(ui.getStatus().value()).isEqualTo(200);
		assertThat(ui.getResponseBody()).contains("swagger-ui");
		// a signed URL: its token is the credential
		assertThat(familyA.audioUrl()).contains("/storage/v1/object/sign/");
		EntityExchangeResult<String> file = get(this.anonymous, familyA.audioUrl());
		assertThat(file.getStatus().value()).isEqualTo(200);
		assertThat(file.getResponseBodyContent()).isEqualTo(MediaSamples.mp3("audio of " + familyA.story()));
	}

	// --- methods
	// ---------------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "PATCH", "QUERY", "FOO" })
	void answersAMethodNotAllowedOnlyOnceTheCallerIsKnown(String method) {
		EntityExchangeResult<String> anonymous = send(this.anonymous, method, "/children");
		EntityExchangeResult<String> user = send(hs256User().api(), method, "/children");
		EntityExchangeResult<String> publicPath = send(this.secretKey, method, "/health");

		assertUnauthorized(anonymous, "/children");
		Problems.assertProblem(user, 405, "/children");
		assertThat(header(user, "Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "POST"));
		Problems.assertProblem(publicPath, 405, "/health");
	}

	// --- the browser frontend
	// -------------------------------------------------------------

	@Test
	void answersTheFrontendsPreflight() {
		EntityExchangeResult<String> preflight = send(
				withHeaders(this.anonymous, "Origin", FRONTEND, "Access-Control-Request-Method", "POST",
						"Access-Control-Request-Headers", "authorization,content-type"),
				"OPTIONS", "/stories");

		assertThat(preflight.getStatus().value()).isEqualTo(200);
		assertThat(header(preflight, "Access-Control-Allow-Origin")).hasValue(FRONTEND);
		assertThat(header(preflight, "Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(header(preflight, "Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization")
			.contains("content-type");
		assertThat(header(preflight, "Access-Control-Allow-Methods").orElseThrow()).contains("POST");
	}

	@Test
	void refusesThePreflightOfAnotherOrigin() {
		EntityExchangeResult<String> preflight = send(
				withHeaders(this.anonymous, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
						"Access-Control-Request-Headers", "authorization,content-type"),
				"OPTIONS", "/stories");

		JsonNode problem = Problems.assertProblem(preflight, 403, "/stories");
		assertThat(problem.get("detail").asString()).contains("https://evil.example")
			.contains("TALES_CORS_ALLOWED_ORIGINS");
		assertThat(header(preflight, "Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void refusesTheRequestsOfAnotherOriginEvenWithAToken() {
		RestTestClient api = hs256User().api();

		for (String origin : List.of("https://evil.example", "http://localhost:5173")) {
			EntityExchangeResult<String> refused = get(withHeaders(api, "Origin", origin), "/stories");

			JsonNode problem = Problems.assertProblem(refused, 403, "/stories");
			assertThat(problem.get("detail").asString()).contains(origin).contains("TALES_CORS_ALLOWED_ORIGINS");
			assertThat(header(refused, "Access-Control-Allow-Origin")).isEmpty();
		}
	}

	@Test
	void letsTheFrontendReadResponsesAndRefusals() {
		User a = hs256User();
		RestTestClient fromFrontend = withHeaders(a.api(), "Origin", FRONTEND);

		EntityExchangeResult<String> ok = get(fromFrontend, "/stories");
		EntityExchangeResult<String> refused = get(withHeaders(this.anonymous, "Origin", FRONTEND), "/stories");

		assertThat(ok.getStatus().value()).isEqualTo(200);
		assertThat(header(ok, "Access-Control-Allow-Origin")).hasValue(FRONTEND);
		assertThat(header(ok, "Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(header(ok, "Access-Control-Expose-Headers").orElseThrow()).contains("Link", "Location");
		// a browser shows the app a 401 only with the CORS headers: then it can sign in
		// again
		assertThat(refused.getStatus().value()).isEqualTo(401);
		assertThat(header(refused, "Access-Control-Allow-Origin")).hasValue(FRONTEND);
		assertThat(header(refused, "Access-Control-Expose-Headers").orElseThrow()).contains("WWW-Authenticate");
	}

	// --- the API description
	// ---------------------------------------------------------------

	@Test
	void declaresTheBearerSchemeInOpenApi() {
		JsonNode openApi = jsonBody(get(this.anonymous, "/openapi.json"));

		List<String> bearerSchemes = new ArrayList<>();
		openApi.get("components").get("securitySchemes").properties().forEach((scheme) -> {
			if ("http".equals(scheme.getValue().get("type").asString())
					&& "bearer".equalsIgnoreCase(scheme.getValue().get("scheme").asString())) {
				bearerSchemes.add(scheme.getKey());
			}
		});
		assertThat(bearerSchemes).hasSize(1);
		String bearer = bearerSchemes.get(0);
		assertThat(openApi.get("components").get("securitySchemes").get(bearer).get("bearerFormat").asString())
			.isEqualTo("JWT");
		assertThat(openApi.has("security")).as("security is declared per operation").isFalse();
		List<String> open = new ArrayList<>();
		openApi.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			List<String> names = new ArrayList<>();
			operation.getValue().get("security").forEach((requirement) -> names.addAll(requirement.propertyNames()));
			boolean secured = !names.isEmpty();
			if (secured) {
				assertThat(names).as("security of %s %s", operation.getKey(), path.getKey()).containsExactly(bearer);
			}
			else {
				open.add(path.getKey());
			}
			// what the description says is open answers without a token, the rest with a
			// 401
			String url = path.getKey().replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
			EntityExchangeResult<String> anonymous = send(this.anonymous, operation.getKey().toUpperCase(Locale.ROOT),
					url);
			assertThat(anonymous.getStatus().value() == 401)
				.as("%s %s without a token: %s", operation.getKey(), path.getKey(), anonymous.getStatus().value())
				.isEqualTo(secured);
			assertThat(operation.getValue().get("responses").has("401"))
				.as("401 of %s %s", operation.getKey(), path.getKey())
				.isEqualTo(secured);
		}));
		assertThat(open).containsExactlyInAnyOrder("/health", "/livez", "/readyz",
				"/storage/v1/object/public/tales/{folder}/{id}/{fileName}",
				"/storage/v1/object/sign/tales/{folder}/{id}/{fileName}");
	}

	// --- helpers
	// -------------------------------------------------------------------------

	/**
	 * A user, their API with a token as Supabase would issue it, and their rows: a child,
	 * a story about it (rated 8, with audio), a story with a new child, a hero.
	 */
	private record Family(User user, String child, String childName, String story, String storyWithNewChild,
			String newChild, String hero, String heroName, String audioUrl) {
	}

	private record User(UUID id, RestTestClient api) {
	}

	private User hs256User() {
		UUID id = UUID.randomUUID();
		return new User(id, withToken(this.anonymous, hs256(userClaims(id))));
	}

	private User es256User() {
		UUID id = UUID.randomUUID();
		return new User(id, withToken(this.anonymous, es256(SIGNING_KEY, userClaims(id))));
	}

	private Family family(User user, String language) {
		RestTestClient api = user.api();
		String childName = "Child-of-" + user.id();
		String heroName = "Hero-of-" + user.id();
		String child = created(post(api, "/children", child(childName)));
		String story = created(
				post(api, "/stories", story("About " + childName, Map.of("childId", child, "language", language))));
		JsonNode withNewChild = expect(
				post(api, "/stories", story("A new friend", Map.of("child",
						Map.of("name", "New child of " + user.id(), "age", 4, "gender", "boy"), "language", language))),
				201);
		String hero = created(post(api, "/heroes", hero(heroName)));
		JsonNode uploaded = expect(postMultipart(api, "/stories/" + story + "/audio",
				new Multipart().file("file", "bedtime.mp3", "audio/mpeg", MediaSamples.mp3("audio of " + story))
					.field("provider", "elevenlabs")),
				200);
		assertThat(expect(put(api, "/stories/" + story + "/rating", "{\"rating\": 8}"), 200).get("rating").asInt())
			.isEqualTo(8);
		return new Family(user, child, childName, story, withNewChild.get("id").asString(),
				withNewChild.get("childId").asString(), hero, heroName, uploaded.get("audioFileUrl").asString());
	}

	/** What the owner reads of each of their rows. */
	private Map<String, JsonNode> snapshot(User user, Family family) {
		Map<String, JsonNode> rows = new LinkedHashMap<>();
		for (String path : List.of("/children/" + family.child(), "/stories/" + family.story(),
				"/heroes/" + family.hero(), "/children", "/stories", "/children/" + family.child() + "/stories")) {
			rows.put(path, expect(get(user.api(), path), 200));
		}
		return rows;
	}

	private byte[] storedAudio(Family family) {
		return get(this.anonymous, family.audioUrl()).getResponseBodyContent();
	}

	/** The files stored for a story, as local storage keeps them. */
	private List<String> storyFiles(String story) {
		Path folder = this.storageDirectory.resolve("tales").resolve("stories").resolve(story);
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> !name.startsWith("."))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String child(String name) {
		return json(Map.of("name", name, "age", 6, "gender", "girl", "interests", List.of("owls")));
	}

	private static String hero(String name) {
		return json(Map.of("name", name, "gender", "girl", "appearance", "a red cape", "personalityTraits",
				List.of("brave")));
	}

	private static String story(String title, Map<String, ?> extra) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", title);
		body.put("content", "Once upon a time…");
		body.put("moral", "Be kind.");
		body.putAll(extra);
		return json(body);
	}

	private static Multipart audio(String fileName) {
		return new Multipart().file("file", fileName, "audio/mpeg", MediaSamples.mp3("someone else's"));
	}

	private static String created(EntityExchangeResult<String> response) {
		return expect(response, 201).get("id").asString();
	}

	private static JsonNode expect(EntityExchangeResult<String> response, int status) {
		assertThat(response.getStatus().value()).as(response.toString()).isEqualTo(status);
		return jsonBody(response);
	}

	private static List<String> ids(EntityExchangeResult<String> response) {
		List<String> ids = new ArrayList<>();
		expect(response, 200).forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	/** The same client, each request carrying {@code Authorization: Bearer token}. */
	private static RestTestClient withToken(RestTestClient client, String token) {
		return withHeaders(client, "Authorization", "Bearer " + token);
	}

	/**
	 * The same client, each request carrying these headers (names and values,
	 * alternating).
	 */
	private static RestTestClient withHeaders(RestTestClient client, String... headers) {
		RestTestClient.Builder<?> builder = client.mutate();
		for (int i = 0; i < headers.length; i += 2) {
			builder.defaultHeader(headers[i], headers[i + 1]);
		}
		return builder.build();
	}

	// paths as written (already encoded, or a URL the service sent), not URI templates
	private static EntityExchangeResult<String> get(RestTestClient client, String path) {
		return client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private static EntityExchangeResult<String> post(RestTestClient client, String path, String json) {
		return client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private static EntityExchangeResult<String> put(RestTestClient client, String path, String json) {
		return client.put()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

	private static EntityExchangeResult<String> delete(RestTestClient client, String path) {
		return client.delete().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private static EntityExchangeResult<String> postMultipart(RestTestClient client, String path, Multipart form) {
		return client.post()
			.uri(URI.create(path))
			.contentType(form.mediaType())
			.body(form.bytes())
			.exchange()
			.returnResult(String.class);
	}

	/** Any method, without a body. */
	private static EntityExchangeResult<String> send(RestTestClient client, String method, String path) {
		return client.method(HttpMethod.valueOf(method)).uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private UUID owner(String table, String id) {
		return this.jdbc.queryForObject("SELECT user_id FROM tales." + table + " WHERE id = ?::uuid", UUID.class, id);
	}

	private long count(String sql) {
		return this.jdbc.queryForObject(sql, Long.class);
	}

	private static void assertNotFound(EntityExchangeResult<String> response, String path) {
		Problems.assertProblem(response, 404, path);
	}

	private static void assertUnauthorized(EntityExchangeResult<String> response, String path) {
		Problems.assertProblem(response, 401, path);
		assertThat(header(response, "WWW-Authenticate")).as("WWW-Authenticate of %s", response)
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	// --- tokens, minted as Supabase Auth mints them
	// --------------------------------------

	/** The claims of a Supabase access token of this user, valid for an hour. */
	private static JWTClaimsSet userClaims(UUID user) {
		return userClaims(user, (claims) -> {
		});
	}

	private static JWTClaimsSet userClaims(UUID user, Consumer<JWTClaimsSet.Builder> changes) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience("authenticated")
			.subject(user.toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.claim("role", "authenticated")
			.claim("email", user + "@families.example")
			.claim("phone", "")
			.claim("aal", "aal1")
			.claim("session_id", UUID.randomUUID().toString())
			.claim("is_anonymous", false);
		changes.accept(claims);
		return claims.build();
	}

	/**
	 * The legacy API keys: {@code iss supabase}, a role, no {@code sub}, no {@code aud}.
	 */
	private static JWTClaimsSet.Builder legacyKeyClaims(String role) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer("supabase")
			.claim("ref", "testref")
			.claim("role", role)
			.issueTime(Date.from(now.minus(Duration.ofDays(30))))
			.expirationTime(Date.from(now.plus(Duration.ofDays(3650))));
	}

	private static String legacyServiceRoleKey() {
		return hs256(legacyKeyClaims("service_role").build());
	}

	private static String hs256(JWTClaimsSet claims) {
		return sign(JWSAlgorithm.HS256, macSigner(JWT_SECRET), null, claims);
	}

	private static String es256(ECKey key, JWTClaimsSet claims) {
		try {
			return sign(JWSAlgorithm.ES256, new ECDSASigner(key), key.getKeyID(), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSAlgorithm algorithm, JWSSigner signer, String keyId, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(),
				claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Supabase uses the secret's characters as the key, not a base64 decoding of them.
	 */
	private static JWSSigner macSigner(String secret) {
		try {
			return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWSSigner rsaSigner() {
		try {
			return new RSASSASigner(new RSAKeyGenerator(2048).generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey ecKey(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(keyId)
				.algorithm(JWSAlgorithm.ES256)
				.keyUse(KeyUse.SIGNATURE)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer startAuthServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] jwks = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/auth/v1/.well-known/jwks.json", (exchange) -> {
				JWKS_REQUESTS.incrementAndGet();
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.getResponseHeaders().add("Cache-Control", "public, max-age=600");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
