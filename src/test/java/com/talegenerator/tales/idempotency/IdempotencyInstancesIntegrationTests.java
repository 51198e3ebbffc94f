package com.talegenerator.tales.idempotency;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.TestTokens;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.talegenerator.tales.Exchanges.jsonBody;
import static com.talegenerator.tales.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key with two instances of the service on one database, as in production:
 * the test's own instance (authentication off: the back-office) and a second one started
 * here with Supabase JWT authentication on, which also runs the background clean-up every
 * few hundred milliseconds. Keys are the database's, so the instances share them; and
 * they are each caller's own.
 */
class IdempotencyInstancesIntegrationTests extends IntegrationTestSupport {

	private static final String KEY = IdempotencyFilter.HEADER;

	private static final String JWT_SECRET = "idempotency-test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";

	private static final String SERVICE_KEY = "sb_secret_idempotency_test_key";

	private static final String ISSUER = "https://idempotency.invalid/auth/v1";

	private static ConfigurableApplicationContext second;

	private static RestTestClient secondClient;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	@Value("${spring.datasource.password:}")
	private String password;

	@BeforeEach
	void startSecondInstance() throws SQLException {
		if (second != null) {
			return;
		}
		String url;
		String user;
		try (Connection connection = this.jdbc.getDataSource().getConnection()) {
			url = connection.getMetaData().getURL();
			user = connection.getMetaData().getUserName();
		}
		second = new SpringApplication(TalesApplication.class).run("--spring.datasource.url=" + url,
				"--spring.datasource.username=" + user, "--spring.datasource.password=" + this.password,
				"--server.port=0", "--server.address=127.0.0.1", "--tales.management.port=0",
				"--management.server.port=0", "--tales.storage.local-directory=" + this.storageDirectory,
				"--tales.storage.supabase.url=", "--tales.storage.public-base-url=", "--spring.main.banner-mode=off",
				"--tales.auth.mode=jwt", "--tales.auth.jwt-secret=" + JWT_SECRET, "--tales.auth.supabase-url=",
				"--tales.auth.issuer=" + ISSUER, "--tales.auth.service-key=" + SERVICE_KEY,
				"--tales.idempotency.cleanup-interval=200ms");
		int port = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		secondClient = RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.requestInterceptor(new OpenApiValidatingInterceptor(() -> port))
			.build();
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	@Test
	void aKeyUsedOnOneInstanceIsReplayedOrRefusedByTheOther() {
		String key = UUID.randomUUID().toString();
		String title = IdempotencyIntegrationTests.unique("Shared");
		EntityExchangeResult<String> first = post(this.client, null, "/stories", story(title), key);
		assertThat(first.getStatus().value()).isEqualTo(201);

		// the back-office on the second instance: the same caller
		EntityExchangeResult<String> retry = post(secondClient, SERVICE_KEY, "/stories", story(title), key);
		EntityExchangeResult<String> other = post(secondClient, SERVICE_KEY, "/stories", story(title + "!"), key);

		assertThat(retry.getStatus().value()).isEqualTo(201);
		assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
		assertThat(retry.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
		assertProblem(other, 422, "/stories");
		assertThat(count("SELECT count(*) FROM tales.stories WHERE title LIKE ?", title + "%")).isOne();
	}

	@Test
	void tenConcurrentRequestsWithOneKeyOnTwoInstancesCreateOneRow() throws Exception {
		String key = UUID.randomUUID().toString();
		String title = IdempotencyIntegrationTests.unique("Raced");
		List<EntityExchangeResult<String>> responses = new ArrayList<>();
		int[] turn = { 0 };
		responses.addAll(IdempotencyIntegrationTests.concurrently(10, () -> {
			boolean onSecond;
			synchronized (turn) {
				onSecond = (turn[0]++ % 2) == 1;
			}
			return onSecond ? post(secondClient, SERVICE_KEY, "/stories", story(title), key)
					: post(this.client, null, "/stories", story(title), key);
		}));

		assertThat(count("SELECT count(*) FROM tales.stories WHERE title = ?", title)).isOne();
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", key)).isOne();
		assertThat(responses).allSatisfy((response) -> assertThat(response.getStatus().value()).isIn(201, 409));
		assertThat(responses.stream()
			.filter((response) -> response.getStatus().value() == 201)
			.map(EntityExchangeResult::getResponseBody)
			.distinct()).hasSize(1);
	}

	@Test
	void keysAreEachCallersOwn() {
		String key = "shared-key-" + UUID.randomUUID();
		String title = IdempotencyIntegrationTests.unique("Callers");
		UUID alice = UUID.randomUUID();
		UUID bob = UUID.randomUUID();

		EntityExchangeResult<String> ofAlice = post(secondClient, userToken(alice), "/stories", story(title), key);
		EntityExchangeResult<String> ofBob = post(secondClient, userToken(bob), "/stories", story(title), key);
		EntityExchangeResult<String> ofBackOffice = post(secondClient, SERVICE_KEY, "/stories", story(title), key);
		EntityExchangeResult<String> aliceAgain = post(secondClient, userToken(alice), "/stories", story(title), key);

		assertThat(List.of(ofAlice, ofBob, ofBackOffice))
			.allSatisfy((response) -> assertThat(response.getStatus().value()).isEqualTo(201));
		assertThat(List.of(ofAlice, ofBob, ofBackOffice)).allSatisfy(
				(response) -> assertThat(response.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull());
		assertThat(List.of(id(ofAlice), id(ofBob), id(ofBackOffice))).doesNotHaveDuplicates();
		assertThat(aliceAgain.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
		assertThat(id(aliceAgain)).isEqualTo(id(ofAlice));
		assertThat(count("SELECT count(*) FROM tales.stories WHERE title = ?", title)).isEqualTo(3);
		// the owner column lets a family's erasure remove its keys (their bodies hold
		// its data)
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ? AND owner = ?", key,
				alice))
			.isOne();
		assertThat(
				count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ? AND owner IS NULL", key))
			.isOne();
	}

	@Test
	void expiredKeysAreRemovedInTheBackground() throws InterruptedException {
		String key = UUID.randomUUID().toString();
		this.jdbc.update("INSERT INTO tales.idempotency_keys (caller, idempotency_key, method, path, state, "
				+ "expires_at) VALUES ('back-office', ?, 'POST', '/stories', 'completed', now() - interval '1 minute')",
				key);
		String live = UUID.randomUUID().toString();
		this.jdbc.update("INSERT INTO tales.idempotency_keys (caller, idempotency_key, method, path, state, "
				+ "expires_at) VALUES ('back-office', ?, 'POST', '/stories', 'completed', now() + interval '1 hour')",
				live);

		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", key) > 0) {
			assertThat(Instant.now()).as("the expired key is still there").isBefore(deadline);
			Thread.sleep(50);
		}
		assertThat(count("SELECT count(*) FROM tales.idempotency_keys WHERE idempotency_key = ?", live)).isOne();
	}

	private static EntityExchangeResult<String> post(RestTestClient client, String token, String path, String json,
			String key) {
		return client.post().uri(URI.create(path)).contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			headers.set(KEY, key);
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).body(json).exchange().returnResult(String.class);
	}

	private static String story(String title) {
		return "{\"title\":\"" + title + "\",\"content\":\"Once…\",\"moral\":\"Share.\"}";
	}

	private static String id(EntityExchangeResult<String> response) {
		return jsonBody(response).get("id").asString();
	}

	private long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	/** A Supabase user's access token, signed with the project's JWT secret. */
	private static String userToken(UUID user) {
		return TestTokens.user(JWT_SECRET, ISSUER, user);
	}

}
