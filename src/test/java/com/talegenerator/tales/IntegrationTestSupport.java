package com.talegenerator.tales;

import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Base of the tests that run the whole service over real HTTP on a real PostgreSQL. Every
 * subclass shares one application context (and so one database); tests create their own
 * data and never rely on another test's rows. {@link #client} is Boot's
 * {@link RestTestClient} bound to the running server; every response it receives is
 * checked against the service's {@code /openapi.json}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(IntegrationTestSupport.ContractChecks.class)
public abstract class IntegrationTestSupport {

	@LocalServerPort
	private int port;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RestTestClient client;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	/** The running service's root URL, e.g. {@code http://127.0.0.1:41234}. */
	protected String base() {
		return "http://127.0.0.1:" + this.port;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ContractChecks {

		@Bean
		RestTestClientBuilderCustomizer openApiValidation(Environment environment) {
			return (builder) -> builder.requestInterceptor(new OpenApiValidatingInterceptor(
					() -> environment.getRequiredProperty("local.server.port", Integer.class)));
		}

	}

}
