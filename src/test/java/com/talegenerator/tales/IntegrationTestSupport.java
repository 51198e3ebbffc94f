package com.talegenerator.tales;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service over real HTTP on a real PostgreSQL. Every
 * subclass shares one application context (and so one database); tests create their own
 * data and never rely on another test's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTestSupport {

	@LocalServerPort
	private int port;

	@Autowired
	protected JdbcTemplate jdbc;

	protected HttpApi api;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@BeforeEach
	void connectApi() {
		this.api = new HttpApi("http://127.0.0.1:" + this.port);
	}

}
