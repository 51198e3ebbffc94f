package com.talegenerator.tales.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which browser origins may call the API: a dev server on this machine only in the
 * embedded default (no authentication, loopback only), otherwise exactly the configured
 * origins.
 */
class SecurityConfigurationTests {

	private static final AuthMode AUTH_ON = new AuthMode(true, "a-secret-of-at-least-thirty-two-bytes!", null,
			"https://project.supabase.co/auth/v1", "authenticated", null);

	@Test
	void allowsADevServerOnThisMachineInTheEmbeddedDefault() {
		CorsConfiguration cors = cors(List.of(), AuthMode.OFF, "127.0.0.1");

		assertThat(cors.checkOrigin("http://localhost:5173")).isEqualTo("http://localhost:5173");
		assertThat(cors.checkOrigin("http://127.0.0.1:3000")).isEqualTo("http://127.0.0.1:3000");
		assertThat(cors.checkOrigin("http://localhost:5173.evil.example")).isNull();
		assertThat(cors.checkOrigin("https://app.example")).isNull();
	}

	@Test
	void allowsNoDevServerWithAuthenticationOn() {
		assertThat(cors(List.of(), AUTH_ON, "127.0.0.1").checkOrigin("http://localhost:5173")).isNull();
	}

	@Test
	void allowsNoDevServerWhenReachableFromOtherMachines() {
		assertThat(cors(List.of(), AuthMode.OFF, null).checkOrigin("http://localhost:5173")).isNull();
		assertThat(cors(List.of(), AuthMode.OFF, "0.0.0.0").checkOrigin("http://localhost:5173")).isNull();
	}

	@Test
	void allowsExactlyTheConfiguredOrigins() {
		for (AuthMode mode : List.of(AuthMode.OFF, AUTH_ON)) {
			CorsConfiguration cors = cors(List.of(" https://app.example", "", "http://localhost:5173 "), mode,
					"127.0.0.1");

			assertThat(cors.checkOrigin("https://app.example")).isEqualTo("https://app.example");
			assertThat(cors.checkOrigin("http://localhost:5173")).isEqualTo("http://localhost:5173");
			assertThat(cors.checkOrigin("http://localhost:3000")).isNull();
		}
	}

	private static CorsConfiguration cors(List<String> origins, AuthMode mode, @Nullable String address) {
		AuthProperties properties = new AuthProperties(AuthProperties.Mode.AUTO, null, null, null, null,
				"authenticated", null, origins);
		ServerProperties server = new ServerProperties();
		try {
			server.setAddress((address != null) ? InetAddress.getByName(address) : null);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
		CorsConfiguration cors = new SecurityConfiguration().corsConfigurationSource(properties, mode, server)
			.getCorsConfiguration(new MockHttpServletRequest("GET", "/children"));
		assertThat(cors).isNotNull();
		return cors;
	}

}
