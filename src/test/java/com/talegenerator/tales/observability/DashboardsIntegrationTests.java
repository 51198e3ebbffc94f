package com.talegenerator.tales.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.talegenerator.tales.IntegrationTestSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code ops/grafana/tales.json}) and the Prometheus alerts
 * ({@code ops/prometheus/alerts.yml}) name only metrics that {@code GET /metrics}
 * exports: a renamed metric would leave a panel empty and an alert silent. The service
 * runs with Supabase Storage (a MockWebServer that answers every call), as in production,
 * so the storage metrics exist.
 */
@DirtiesContext
class DashboardsIntegrationTests extends IntegrationTestSupport {

	private static final Path DASHBOARD = Path.of("ops/grafana/tales.json");

	private static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");

	/** Words of PromQL that are not metric names. */
	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final MockWebServer supabase = startSupabase();

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void supabaseStorage(DynamicPropertyRegistry registry) {
		registry.add("tales.storage.supabase.url", () -> supabase.url("/").toString());
		registry.add("tales.storage.supabase.service-key", () -> "service-role-jwt");
	}

	@Test
	void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
		// a request of each kind the panels draw, and a collection for the GC panel
		assertThat(this.client.get().uri("/stats").exchange().returnResult(String.class).getStatus().value())
			.isEqualTo(200);
		System.gc();
		String exported = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(
					"http://127.0.0.1:" + this.environment.getRequiredProperty("local.management.port") + "/metrics"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();

		Set<String> named = new TreeSet<>();
		dashboardQueries().forEach((query) -> named.addAll(metricsIn(query)));
		alertExpressions().forEach((expression) -> named.addAll(metricsIn(expression)));

		assertThat(named).contains("http_server_requests_seconds_bucket", "hikaricp_connections_active",
				"tales_storage_requests_seconds_count", "tales_health_up", "tales_files_removals_pending");
		assertThat(named).allSatisfy((metric) -> assertThat(exported).as("exported by /metrics")
			.containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]"));
	}

	@Test
	void alertsCoverErrorsLatencyTheDatabaseAndPendingRemovals() throws IOException {
		assertThat(String.join("\n", alertExpressions())).contains("status=~\"5..\"", "histogram_quantile(0.99",
				"tales_health_up", "tales_files_removals_pending");
	}

	@Test
	void findsMetricNamesInPromQl() {
		assertThat(metricsIn("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket"
				+ "{application=\"tales\", uri!~\".*/(audio)\"}[$__rate_interval]))) / on (instance) group_left "
				+ "max(hikaricp_connections_max) > 1"))
			.containsExactlyInAnyOrder("http_server_requests_seconds_bucket", "hikaricp_connections_max");
	}

	/**
	 * The metric names of a PromQL expression: what is left once labels, ranges,
	 * functions go.
	 */
	static Set<String> metricsIn(String promQl) {
		String bare = promQl.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "")
			.replaceAll("\\$\\{?\\w+}?", "")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> metrics = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(bare);
		while (identifier.find()) {
			String word = identifier.group();
			boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
			boolean number = identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
			if (!function && !number && !KEYWORDS.contains(word)) {
				metrics.add(word);
			}
		}
		return metrics;
	}

	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.get("expr").asString());
			}
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			String definition = variable.path("definition").asString("");
			// label_values(metric{…}, label): the metric only
			Matcher metric = Pattern.compile("label_values\\(([^,]+),").matcher(definition);
			if (metric.find()) {
				queries.add(metric.group(1));
			}
		}
		return queries;
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertExpressions() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(ALERTS));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				assertThat(rule).containsKeys("alert", "expr");
				expressions.add((String) rule.get("expr"));
			}
		}
		return expressions;
	}

	/** Storage that has the bucket (private) and accepts whatever it is asked. */
	private static MockWebServer startSupabase() {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200)
					.setHeader("Content-Type", "application/json")
					.body("{\"public\":false}")
					.build();
			}

		});
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return server;
	}

}
