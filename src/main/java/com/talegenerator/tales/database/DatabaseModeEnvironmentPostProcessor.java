package com.talegenerator.tales.database;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In the embedded default mode nothing protects the service yet, so it listens on
 * loopback only. Added last, so an explicit {@code server.address} always wins.
 */
class DatabaseModeEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (EmbeddedDatabaseCondition.isEmbedded(environment)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("talesEmbeddedMode", Map.of("server.address", "127.0.0.1")));
		}
	}

}
