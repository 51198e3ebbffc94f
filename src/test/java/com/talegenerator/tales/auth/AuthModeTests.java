package com.talegenerator.tales.auth;

import java.net.URI;
import java.util.List;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the settings decide whether requests need a token and how tokens are verified: off
 * with the embedded database or {@code TALES_AUTH=none}, otherwise on and refusing to
 * start without a way to verify tokens; the Supabase project URL gives the issuer and the
 * JWKS; only a {@code sb_secret_} key is accepted as a back-office bearer key.
 */
class AuthModeTests {

	private static final String SECRET = "a-legacy-jwt-secret-of-more-than-thirty-two-characters";

	@Test
	void isOffByDefaultWithTheEmbeddedDatabase() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.AUTO, null, null), true);

		assertThat(mode.enabled()).isFalse();
		assertThat(mode).isEqualTo(AuthMode.OFF);
	}

	@Test
	void isOffByDefaultWithTheEmbeddedDatabaseEvenWhenTokensCouldBeVerified() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.AUTO, SECRET, "https://ref.supabase.co"), true);

		assertThat(mode.enabled()).isFalse();
	}

	@Test
	void refusesAnExternalDatabaseWithoutAnyWayToVerifyTokens() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> AuthMode.resolve(properties(AuthProperties.Mode.AUTO, null, null), false))
			.withMessageContaining("SUPABASE_URL")
			.withMessageContaining("SUPABASE_JWT_SECRET")
			.withMessageContaining("TALES_AUTH=none");
	}

	@Test
	void treatsBlankSettingsAsMissing() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> AuthMode.resolve(properties(AuthProperties.Mode.AUTO, "  ", " "), false))
			.withMessageContaining("SUPABASE_URL");
	}

	@Test
	void refusesModeJwtWithoutAnyWayToVerifyTokensAndSaysWhy() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> AuthMode.resolve(properties(AuthProperties.Mode.JWT, null, null), true))
			.withMessageContaining("SUPABASE_URL")
			.withMessageContaining("SUPABASE_JWT_SECRET")
			.withMessageContaining("TALES_AUTH=jwt")
			.withMessageNotContaining("external database");
	}

	@Test
	void isOffWithModeNoneWhateverTheDatabase() {
		assertThat(AuthMode.resolve(properties(AuthProperties.Mode.NONE, null, null), false)).isEqualTo(AuthMode.OFF);
		assertThat(AuthMode.resolve(properties(AuthProperties.Mode.NONE, SECRET, "https://ref.supabase.co"), false))
			.isEqualTo(AuthMode.OFF);
	}

	@Test
	void isOnWithModeJwtEvenWithTheEmbeddedDatabase() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.JWT, SECRET, "https://ref.supabase.co"), true);

		assertThat(mode.enabled()).isTrue();
		assertThat(mode.jwtSecret()).isEqualTo(SECRET);
	}

	@Test
	void derivesIssuerAndJwksFromTheProjectUrl() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.AUTO, null, "https://ref.supabase.co"), false);

		assertThat(mode.enabled()).isTrue();
		assertThat(mode.issuer()).isEqualTo("https://ref.supabase.co/auth/v1");
		assertThat(mode.jwkSetUri()).isEqualTo(URI.create("https://ref.supabase.co/auth/v1/.well-known/jwks.json"));
		assertThat(mode.jwtSecret()).isNull();
		assertThat(mode.audience()).isEqualTo("authenticated");
	}

	@Test
	void handlesATrailingSlashOnTheProjectUrl() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.AUTO, null, " https://ref.supabase.co/ "),
				false);

		assertThat(mode.issuer()).isEqualTo("https://ref.supabase.co/auth/v1");
		assertThat(mode.jwkSetUri()).isEqualTo(URI.create("https://ref.supabase.co/auth/v1/.well-known/jwks.json"));
	}

	@Test
	void acceptsTheSecretAndTheJwksTogether() {
		AuthMode mode = AuthMode.resolve(properties(AuthProperties.Mode.AUTO, SECRET, "https://ref.supabase.co"),
				false);

		assertThat(mode.jwtSecret()).isEqualTo(SECRET);
		assertThat(mode.jwkSetUri()).isEqualTo(URI.create("https://ref.supabase.co/auth/v1/.well-known/jwks.json"));
	}

	@Test
	void prefersAnExplicitIssuerAndJwks() {
		AuthProperties properties = new AuthProperties(AuthProperties.Mode.AUTO, null, "https://ref.supabase.co",
				"https://auth.example.com/auth/v1", URI.create("https://keys.example.com/jwks.json"), "authenticated",
				null, List.of());

		AuthMode mode = AuthMode.resolve(properties, false);

		assertThat(mode.issuer()).isEqualTo("https://auth.example.com/auth/v1");
		assertThat(mode.jwkSetUri()).isEqualTo(URI.create("https://keys.example.com/jwks.json"));
	}

	@Test
	void needsAnIssuerWhenOnlyTheSecretIsGiven() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> AuthMode.resolve(properties(AuthProperties.Mode.AUTO, SECRET, null), false))
			.withMessageContaining("TALES_AUTH_ISSUER")
			.withMessageContaining("SUPABASE_URL");
	}

	@Test
	void refusesASecretTooShortForHs256() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> AuthMode.resolve(
				properties(AuthProperties.Mode.AUTO, "0123456789abcdef0123456789abcde", "https://ref.supabase.co"),
				false))
			.withMessageContaining("SUPABASE_JWT_SECRET")
			.withMessageNotContaining("0123456789abcdef");
		assertThat(
				AuthMode
					.resolve(properties(AuthProperties.Mode.AUTO, "0123456789abcdef0123456789abcdef",
							"https://ref.supabase.co"), false)
					.jwtSecret())
			.hasSize(32);
	}

	@Test
	void acceptsOnlySecretKeysAsBackOfficeBearerKeys() {
		assertThat(withServiceKey("sb_secret_abc123").serviceKey()).isEqualTo("sb_secret_abc123");
		assertThat(withServiceKey(" sb_secret_abc123 ").serviceKey()).isEqualTo("sb_secret_abc123");
		// the legacy service_role key is a JWT, verified like any other token
		assertThat(withServiceKey("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2ln")
			.serviceKey()).isNull();
		assertThat(withServiceKey("sb_publishable_abc123").serviceKey()).isNull();
		assertThat(withServiceKey("").serviceKey()).isNull();
		assertThat(withServiceKey(null).serviceKey()).isNull();
	}

	private static AuthMode withServiceKey(String serviceKey) {
		return AuthMode.resolve(new AuthProperties(AuthProperties.Mode.AUTO, SECRET, "https://ref.supabase.co", null,
				null, "authenticated", serviceKey, List.of()), false);
	}

	private static AuthProperties properties(AuthProperties.Mode mode, String jwtSecret, String supabaseUrl) {
		return new AuthProperties(mode, jwtSecret, supabaseUrl, null, null, "authenticated", null, List.of());
	}

}
