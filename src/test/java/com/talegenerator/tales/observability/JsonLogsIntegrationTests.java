package com.talegenerator.tales.observability;

import java.util.List;

import com.talegenerator.tales.IntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TALES_LOG_FORMAT=json}: every console line is one JSON object (Spring Boot's ECS
 * format), and the lines written while a request is served carry its trace id. The
 * DispatcherServlet's debug lines are the lines written while serving here.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "tales.log.format=json",
		"logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG" })
class JsonLogsIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Logback is one per JVM, and Boot sets it up once while a context that did is open:
	 * this context's own set-up is let through.
	 */
	@BeforeAll
	static void letThisContextSetUpLogging() {
		logging().cleanUp();
	}

	/**
	 * The contexts cached for the other tests, and those started after this one, log as
	 * before: Boot hands the format to Logback in a system property, which outlives the
	 * context.
	 */
	@AfterAll
	static void humanLogsAgain() {
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
		LoggingSystem logging = logging();
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	private static LoggingSystem logging() {
		return LoggingSystem.get(JsonLogsIntegrationTests.class.getClassLoader());
	}

	@Test
	void writesEachLineAsEcsJsonWithTheTraceIdOfTheRequest(CapturedOutput output) {
		String traceId = "5b8aa5a2d2c872e8321cf37308d69df2";

		EntityExchangeResult<String> response = this.client.get()
			.uri("/stats?marker=json-logs")
			.header("traceparent", "00-" + traceId + "-051581bf3cb55c13-01")
			.exchange()
			.returnResult(String.class);

		assertThat(response.getStatus().value()).isEqualTo(200);
		List<String> lines = output.getOut().lines().filter((line) -> line.contains("json-logs")).toList();
		assertThat(lines).as(output.getOut()).isNotEmpty();
		for (String line : lines) {
			JsonNode entry = JSON.readTree(line);
			assertThat(entry.has("@timestamp")).as(line).isTrue();
			assertThat(entry.path("log").path("level").isString() || entry.has("log.level")).as(line).isTrue();
			assertThat(entry.path("traceId").asString()).as(line).isEqualTo(traceId);
			assertThat(entry.path("spanId").asString()).as(line).matches("[0-9a-f]{16}");
		}
	}

}
