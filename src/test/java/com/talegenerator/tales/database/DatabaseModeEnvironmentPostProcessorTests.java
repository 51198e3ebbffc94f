package com.talegenerator.tales.database;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseModeEnvironmentPostProcessorTests {

	private final DatabaseModeEnvironmentPostProcessor postProcessor = new DatabaseModeEnvironmentPostProcessor();

	@Test
	void listensOnLoopbackOnlyInEmbeddedMode() {
		StandardEnvironment environment = environment(Map.of());

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void leavesTheAddressAloneWithAnExternalDatabase() {
		StandardEnvironment environment = environment(Map.of("spring.datasource.url", "jdbc:postgresql://db/tales"));

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.address")).isNull();
	}

	@Test
	void keepsAnExplicitAddress() {
		StandardEnvironment environment = environment(Map.of("server.address", "0.0.0.0"));

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
