package com.talegenerator.tales.story;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talegenerator.tales.Exchanges.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /stories/{id}} by its direct route ({@link StoryByIdHandlerMapping}) answers
 * exactly what the annotated route answers: the same status, headers and bytes, found or
 * not, and is timed under the same route template. A request with an {@code Accept} to
 * negotiate goes the annotated way, which gives the answer to compare with.
 */
class StoryByIdRouteIntegrationTests extends IntegrationTestSupport {

	/** Not the direct route's: content negotiation picks JSON among several types. */
	private static final String NEGOTIATED = "Accept: application/json, */*;q=0.5";

	/** Different on every response, whichever route. */
	private static final Set<String> PER_RESPONSE = Set.of("date", "traceparent");

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private RawHttp raw;

	@BeforeEach
	void raw() {
		this.raw = new RawHttp(this.port);
	}

	@Test
	void answersAStoryAsTheAnnotatedRouteDoes() {
		String id = createStory();

		RawHttp.Response direct = this.raw.request("GET", "/stories/" + id);
		RawHttp.Response anything = this.raw.request("GET", "/stories/" + id, "Accept: */*");
		RawHttp.Response annotated = this.raw.request("GET", "/stories/" + id, NEGOTIATED);

		assertThat(annotated.status()).isEqualTo(200);
		assertThat(annotated.json().get("childName").asString()).isEqualTo("Mia");
		for (RawHttp.Response response : new RawHttp.Response[] { direct, anything }) {
			assertThat(response.status()).isEqualTo(annotated.status());
			assertThat(response.body()).isEqualTo(annotated.body());
			assertThat(stable(response.headers())).isEqualTo(stable(annotated.headers()));
		}
		assertThat(direct.header("ETag")).isPresent();
		assertThat(direct.header("Content-Length"))
			.hasValue(String.valueOf(annotated.body().getBytes(StandardCharsets.UTF_8).length));
	}

	@Test
	void answersAnUnknownStoryWithTheSameProblem() {
		String unknown = UUID.randomUUID().toString();

		RawHttp.Response direct = this.raw.request("GET", "/stories/" + unknown, "Accept: application/json");
		RawHttp.Response annotated = this.raw.request("GET", "/stories/" + unknown, NEGOTIATED);

		assertThat(annotated.status()).isEqualTo(404);
		assertThat(annotated.header("Content-Type")).hasValue("application/problem+json");
		assertThat(direct.status()).isEqualTo(404);
		assertThat(direct.body()).isEqualTo(annotated.body());
		assertThat(stable(direct.headers())).isEqualTo(stable(annotated.headers()));
	}

	@Test
	void timesItsRequestsUnderTheRouteTemplate() {
		String id = createStory();
		double found = count("200");
		double unknown = count("404");

		assertThat(this.raw.request("GET", "/stories/" + id).status()).isEqualTo(200);
		assertThat(this.raw.request("GET", "/stories/" + UUID.randomUUID()).status()).isEqualTo(404);

		// the timer stops after the response has gone out
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(count("200")).isEqualTo(found + 1);
			assertThat(count("404")).isEqualTo(unknown + 1);
		});
	}

	private double count(String status) {
		Timer timer = this.meters.find("http.server.requests")
			.tag("method", "GET")
			.tag("uri", "/stories/{id}")
			.tag("status", status)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static Map<String, ?> stable(Map<String, ?> headers) {
		Map<String, Object> kept = new TreeMap<>(headers);
		kept.keySet().removeAll(PER_RESPONSE);
		return kept;
	}

	private String createStory() {
		String child = this.raw
			.request("POST", "/children", "application/json",
					json(Map.of("name", "Mia", "age", 5, "gender", "girl", "interests", List.of("owls")))
						.getBytes(StandardCharsets.UTF_8))
			.json()
			.get("id")
			.asString();
		RawHttp.Response story = this.raw.request("POST", "/stories", "application/json",
				json(Map.of("title", "Двадцать тысяч лье", "content", "Жил-был «кит» 🐋 и \"он\"…", "moral", "Be kind.",
						"childId", child, "generationInfo", Map.of("model", "m", "tokens", 1234)))
					.getBytes(StandardCharsets.UTF_8));
		assertThat(story.status()).isEqualTo(201);
		return story.json().get("id").asString();
	}

}
