package com.talegenerator.tales.observability;

import java.util.Locale;
import java.util.Map;

import com.talegenerator.tales.settings.InvalidSettingException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code TALES_LOG_FORMAT=json} ({@code tales.log.format}) turns on Spring Boot's
 * structured console logging in the Elastic Common Schema: one JSON object a line, with
 * the trace and span ids of the request being served. {@code human} (the default) keeps
 * Boot's console lines. Runs after the configuration files are read and before logging is
 * set up, which reads {@code logging.structured.format.console}.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "tales.log.format";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty(PROPERTY, "human").strip().toLowerCase(Locale.ROOT);
		switch (format) {
			case "human", "" -> {
			}
			// an explicit logging.structured.format.console still wins
			case "json" -> environment.getPropertySources()
				.addLast(new MapPropertySource("talesLogFormat", Map.of("logging.structured.format.console", "ecs")));
			default -> throw new InvalidSettingException(
					"TALES_LOG_FORMAT (tales.log.format) must be json or human, not '" + format + "'");
		}
	}

}
