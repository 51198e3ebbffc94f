package com.talegenerator.tales.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.talegenerator.tales.Problems;
import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import com.talegenerator.tales.settings.InvalidSettingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Started as {@code java -jar} would start it against an external database (one the test
 * starts), the service refuses to start without a way to verify tokens, naming the
 * settings that give one; with {@code TALES_AUTH=none} it starts without authentication
 * and says so in a warning; with the settings it starts and wants a token, and answers
 * 503 rather than 500 while the project's JWKS cannot be fetched.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthStartupIntegrationTests {

	private static EmbeddedPostgres external;

	@TempDir
	private Path directory;

	@BeforeAll
	static void startExternalDatabase() throws IOException {
		external = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopExternalDatabase() throws IOException {
		external.close();
	}

	@Test
	void refusesToStartWithoutTokenSettings(CapturedOutput output) {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start().close())
			.havingRootCause()
			.isInstanceOf(InvalidSettingException.class)
			.withMessageContaining("SUPABASE_URL")
			.withMessageContaining("SUPABASE_JWT_SECRET")
			.withMessageContaining("TALES_AUTH=none");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("SUPABASE_URL")
			.contains("SUPABASE_JWT_SECRET")
			.contains("TALES_AUTH=none");
	}

	@Test
	void startsWithoutAuthenticationWhenToldAndWarns(CapturedOutput output) {
		try (ConfigurableApplicationContext service = start("tales.auth.mode=none")) {
			RestTestClient client = client(service);

			client.get().uri("/children").exchange().expectStatus().isOk();
			client.post()
				.uri("/children")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"name\": \"Open\", \"age\": 3, \"gender\": \"girl\"}")
				.exchange()
				.expectStatus()
				.isCreated();
		}
		assertThat(output).contains("WARN")
			.contains("TALES_AUTH=none: authentication is OFF")
			.contains("Anyone who can reach this service");
	}

	@Test
	void startsWithTheProjectsSettingsAndWantsAToken(CapturedOutput output) {
		// the JWKS is only fetched when a token signed with a key arrives: none here
		try (ConfigurableApplicationContext service = start("tales.auth.supabase-url=http://127.0.0.1:9/",
				"tales.auth.jwt-secret=a-legacy-jwt-secret-of-more-than-thirty-two-characters")) {
			RestTestClient client = client(service);

			client.get().uri("/children").exchange().expectStatus().isUnauthorized();
			client.get().uri("/health").exchange().expectStatus().isOk();
			// a token signed with a key of the project, whose JWKS cannot be fetched
			EntityExchangeResult<String> unverifiable = client.get()
				.uri("/children")
				.headers((headers) -> headers.setBearerAuth(es256Token("http://127.0.0.1:9/auth/v1")))
				.exchange()
				.returnResult(String.class);
			Problems.assertProblem(unverifiable, 503, "/children");
			assertThat(unverifiable.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		}
		assertThat(output).contains("Authentication on")
			.contains("http://127.0.0.1:9/auth/v1/.well-known/jwks.json")
			.contains("the access token could not be verified")
			.doesNotContain("threw exception")
			.doesNotContain("authentication is OFF")
			.doesNotContain("a-legacy-jwt-secret-of-more-than-thirty-two-characters");
	}

	/**
	 * Command-line arguments, which win over {@code application.properties} and the
	 * machine's environment, as they would in production; each setting given replaces the
	 * default one (a property given twice on the command line would be both values).
	 */
	private ConfigurableApplicationContext start(String... settings) {
		Map<String, String> arguments = new LinkedHashMap<>();
		arguments.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/postgres");
		arguments.put("spring.datasource.username", "postgres");
		arguments.put("spring.datasource.password", "");
		arguments.put("server.port", "0");
		arguments.put("server.address", "127.0.0.1");
		arguments.put("tales.storage.local-directory", storage().toString());
		arguments.put("tales.storage.supabase.url", "");
		arguments.put("tales.storage.public-base-url", "");
		arguments.put("spring.main.banner-mode", "off");
		arguments.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
		// whatever the machine's environment says: no authentication settings
		for (String setting : List.of("jwt-secret", "supabase-url", "issuer", "jwk-set-uri", "service-key")) {
			arguments.put("tales.auth." + setting, "");
		}
		arguments.put("tales.auth.mode", "auto");
		for (String setting : settings) {
			String[] nameAndValue = setting.split("=", 2);
			arguments.put(nameAndValue[0], nameAndValue[1]);
		}
		return new SpringApplication(TalesApplication.class).run(arguments.entrySet()
			.stream()
			.map((argument) -> "--" + argument.getKey() + "=" + argument.getValue())
			.toArray(String[]::new));
	}

	private static String es256Token(String issuer) {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID("project-key").generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("project-key").build(),
					new JWTClaimsSet.Builder().issuer(issuer)
						.audience("authenticated")
						.subject(UUID.randomUUID().toString())
						.claim("role", "authenticated")
						.expirationTime(Date.from(Instant.now().plusSeconds(600)))
						.build());
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path storage() {
		try {
			return Files.createDirectories(this.directory.resolve("storage"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static RestTestClient client(ConfigurableApplicationContext service) {
		int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.requestInterceptor(new OpenApiValidatingInterceptor(() -> port))
			.build();
	}

}
