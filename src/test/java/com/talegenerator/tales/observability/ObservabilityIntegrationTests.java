package com.talegenerator.tales.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.talegenerator.tales.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.header;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} on the management port (never on the API's), in Prometheus' text
 * format, with what API.md lists; and the {@code traceparent} every response carries.
 */
class ObservabilityIntegrationTests extends IntegrationTestSupport {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	private Environment environment;

	@Autowired
	private MeterRegistry meters;

	@Test
	void servesMetricsOnTheManagementPortOnly() throws Exception {
		HttpResponse<String> onApiPort = get(base() + "/metrics");
		HttpResponse<String> onManagementPort = get(management() + "/metrics");

		assertThat(onApiPort.statusCode()).isEqualTo(404);
		assertThat(onManagementPort.statusCode()).isEqualTo(200);
		assertThat(onManagementPort.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		// and the API's own health stays where API.md has it
		assertThat(get(base() + "/health").statusCode()).isEqualTo(200);
	}

	@Test
	void labelsRequestsByRouteTemplateAndStatusNeverByTheirIds() throws Exception {
		String id = createStory();
		String unknown = UUID.randomUUID().toString();
		assertThat(this.client.get().uri("/stories/{id}", id).exchange().returnResult(String.class).getStatus().value())
			.isEqualTo(200);
		assertThat(this.client.get()
			.uri("/stories/{id}", unknown)
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value()).isEqualTo(404);

		String metrics = get(management() + "/metrics").body();

		assertThat(metrics).containsPattern(
				"http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\"[^}]*uri=\"/stories/\\{id}\"")
			.containsPattern(
					"http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"404\"[^}]*uri=\"/stories/\\{id}\"")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/stories/\\{id}\"")
			.doesNotContain(id)
			.doesNotContain(unknown);
	}

	@Test
	void exportsThePoolTheJvmAndTheServicesOwnCounters() throws Exception {
		double created = this.meters.get("tales.stories.stored").counter().count();
		createStory();

		String metrics = get(management() + "/metrics").body();

		assertThat(this.meters.get("tales.stories.stored").counter().count()).isEqualTo(created + 1);
		// Hikari behind the first-come-first-served queue: still bound, by its pool name
		assertThat(metrics).containsPattern("hikaricp_connections_max\\{[^}]*pool=\"tales\"[^}]*} 10")
			.containsPattern("hikaricp_connections_active\\{[^}]*pool=\"tales\"")
			.contains("jvm_memory_used_bytes{", "jvm_gc_pause_seconds", "process_cpu_usage")
			.containsPattern("tales_stories_stored_total\\{[^}]*} [1-9]")
			.containsPattern("tales_uploads_total\\{[^}]*kind=\"audio\"")
			.containsPattern("tales_upload_bytes_total\\{[^}]*kind=\"image\"")
			.contains("tales_search_requests_total{");
	}

	@Test
	void countsSearchesButNotPlainLists() {
		double searches = this.meters.get("tales.search.requests").counter().count();

		this.client.get().uri("/stories?q={q}", "dragon").exchange().expectStatus().isOk();
		this.client.get().uri("/stories?language=en").exchange().expectStatus().isOk();

		assertThat(this.meters.get("tales.search.requests").counter().count()).isEqualTo(searches + 1);
	}

	@Test
	void continuesAnIncomingTraceAndReturnsIt() {
		String traceId = "0af7651916cd43dd8448eb211c80319c";

		EntityExchangeResult<String> traced = this.client.get()
			.uri("/stats")
			.header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
			.exchange()
			.returnResult(String.class);
		EntityExchangeResult<String> untraced = this.client.get().uri("/stats").exchange().returnResult(String.class);

		assertThat(header(traced, "traceparent"))
			.hasValueSatisfying((traceparent) -> assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01")
				.doesNotContain("b7ad6b7169203331"));
		// a trace of its own, sampled or not (02: its id is random, W3C level 2)
		assertThat(header(untraced, "traceparent"))
			.hasValueSatisfying((traceparent) -> assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]")
				.doesNotContain(traceId));
	}

	@Test
	void readsOnlyTheW3cTraceContext() {
		String traceId = "463ac35c9f6413ad48485a3953bb6124";

		EntityExchangeResult<String> b3 = this.client.get()
			.uri("/stats")
			.header("b3", traceId + "-0020000000000001-1")
			.header("X-B3-TraceId", traceId)
			.header("X-B3-SpanId", "0020000000000001")
			.header("X-B3-Sampled", "1")
			.exchange()
			.returnResult(String.class);

		// API.md promises W3C's traceparent; B3's headers start a trace of this service's
		// own
		assertThat(header(b3, "traceparent"))
			.hasValueSatisfying((traceparent) -> assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]")
				.doesNotContain(traceId));
	}

	private String createStory() {
		EntityExchangeResult<String> created = this.client.post()
			.uri("/stories")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"Counted\",\"content\":\"Once\",\"moral\":\"Count on it.\",\"language\":\"en\"}")
			.exchange()
			.returnResult(String.class);
		assertThat(created.getStatus().value()).as("%s", created).isEqualTo(201);
		return jsonBody(created).get("id").asString();
	}

	private String management() {
		return "http://127.0.0.1:" + this.environment.getRequiredProperty("local.management.port");
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
