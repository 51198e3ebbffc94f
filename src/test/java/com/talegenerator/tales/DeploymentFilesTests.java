package com.talegenerator.tales;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker and Compose cannot run where the tests run, so this checks what can go wrong
 * silently in {@code Dockerfile} and {@code docker-compose.yml}: a misspelt environment
 * variable (the service would start with its default and, say, an embedded database), a
 * database password that differs between the two services, a probe on a path that does
 * not exist, a data directory outside the volume, a shutdown cut short.
 */
class DeploymentFilesTests {

	private static final Path COMPOSE = Path.of("docker-compose.yml");

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

	private static final Set<String> PROBE_PATHS = Set.of("/livez", "/readyz", "/health");

	private static final Pattern HTTP_PATH = Pattern.compile("https?://[^/\\s\"']+(/[^\\s\"']*)");

	private static Map<String, Object> compose;

	private static List<String> dockerfile;

	private static String applicationProperties;

	private static EnvironmentVariables readByApplication;

	@BeforeAll
	static void readFiles() throws IOException {
		compose = new Yaml().load(Files.readString(COMPOSE));
		dockerfile = instructions(Files.readString(DOCKERFILE));
		applicationProperties = Files.readString(APPLICATION_PROPERTIES);
		readByApplication = EnvironmentVariables.readBy(applicationProperties);
	}

	@Test
	void everyVariableTheDeploymentSetsIsOneTheApplicationReads() {
		Set<String> names = new HashSet<>(environment("tales").keySet());
		names.addAll(dockerfileEnvironment().keySet());
		assertThat(names).contains("SPRING_DATASOURCE_URL", "TALES_DATA_DIR");
		assertThat(names).filteredOn((name) -> !readByApplication.reads(name))
			.as("set by the deployment files but read by nothing in the application")
			.isEmpty();
	}

	@Test
	void theCheckerTellsPropertiesAndPlaceholdersFromTypos() {
		assertThat(readByApplication.reads("SPRING_DATASOURCE_URL")).isTrue();
		assertThat(readByApplication.reads("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")).isTrue();
		assertThat(readByApplication.reads("SUPABASE_SERVICE_KEY")).isTrue();
		assertThat(readByApplication.reads("SUPABASE_KEY")).isTrue();
		assertThat(readByApplication.reads("SPRING_DATASOURCE_URLL")).isFalse();
		assertThat(readByApplication.reads("SUPABASE_SERVICEKEY")).isFalse();
		// a prefix of a placeholder's name, a group rather than a property
		assertThat(readByApplication.reads("SUPABASE_SERVICE")).isFalse();
		assertThat(readByApplication.reads("SPRING_DATASOURCE")).isFalse();
	}

	@Test
	void theServiceUsesTheDatabaseTheDbServiceCreates() {
		Map<String, String> db = environment("db");
		Map<String, String> tales = environment("tales");
		URI url = URI.create(tales.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
		assertThat(url.getScheme()).isEqualTo("postgresql");
		assertThat(url.getHost()).isEqualTo("db");
		assertThat(url.getPort()).isEqualTo(5432);
		assertThat(url.getPath()).isEqualTo("/" + db.get("POSTGRES_DB"));
		assertThat(tales.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(db.get("POSTGRES_USER"));
		// compared before interpolation: the same text gives the same password
		assertThat(tales.get("SPRING_DATASOURCE_PASSWORD")).isNotBlank().isEqualTo(db.get("POSTGRES_PASSWORD"));
		assertThat(map(map(service("tales").get("depends_on")).get("db")).get("condition"))
			.isEqualTo("service_healthy");
	}

	@Test
	void bothServicesHaveHealthchecksOnWhatTheyServe() {
		assertThat(healthcheck("db")).startsWith("pg_isready ")
			.contains("-U " + environment("db").get("POSTGRES_USER"))
			.contains("-d " + environment("db").get("POSTGRES_DB"));
		String tales = healthcheck("tales");
		assertThat(httpPath(tales)).isIn(PROBE_PATHS);
		assertThat(tales).contains(":" + containerPort() + "/");
	}

	@Test
	void dataLivesInDeclaredNamedVolumes() {
		Map<String, Object> declared = map(compose.get("volumes"));
		Map<String, String> db = namedVolumes("db");
		Map<String, String> tales = namedVolumes("tales");
		assertThat(db).containsValue("/var/lib/postgresql/data");
		assertThat(tales).containsValue(dockerfileEnvironment().get("TALES_DATA_DIR"));
		assertThat(declared).containsKeys(db.keySet().toArray(String[]::new))
			.containsKeys(tales.keySet().toArray(String[]::new));
	}

	@Test
	void theImageRunsAsAUserExposesThePublishedPortAndProbesLiveness() {
		List<String> users = arguments("USER");
		assertThat(users).isNotEmpty();
		assertThat(users.get(users.size() - 1).split(":")[0]).isNotIn("root", "0");
		assertThat(arguments("EXPOSE")).flatMap((expose) -> List.of(expose.replace("/tcp", "").split("\\s+")))
			.contains(containerPort());
		assertThat(arguments("HEALTHCHECK")).singleElement().satisfies((healthcheck) -> {
			assertThat(healthcheck).contains(" CMD ");
			assertThat(httpPath(healthcheck)).isIn(PROBE_PATHS);
		});
		// exec form: java is PID 1 and gets SIGTERM itself, or no graceful shutdown
		assertThat(arguments("ENTRYPOINT")).singleElement().asString().startsWith("[\"java\"");
	}

	@Test
	void metricsArePublishedOnTheManagementPortOnLoopbackAndExposedByTheImage() {
		assertThat(arguments("EXPOSE")).flatMap((expose) -> List.of(expose.replace("/tcp", "").split("\\s+")))
			.contains(managementPort());
		assertThat((List<?>) service("tales").get("ports")).map(String::valueOf)
			.contains("127.0.0.1:" + managementPort() + ":" + managementPort());
	}

	@Test
	void composeWaitsForTheGracefulShutdownBeforeItKills() {
		Matcher timeout = Pattern
			.compile("(?m)^spring\\.lifecycle\\.timeout-per-shutdown-phase=\\$\\{TALES_SHUTDOWN_TIMEOUT:([^}]+)}$")
			.matcher(applicationProperties);
		assertThat(timeout.find()).as("the shutdown timeout in application.properties").isTrue();
		String shutdown = environment("tales").getOrDefault("TALES_SHUTDOWN_TIMEOUT", timeout.group(1));
		assertThat(duration(String.valueOf(service("tales").get("stop_grace_period"))))
			.isGreaterThan(duration(shutdown));
	}

	/**
	 * The environment variables the application reads: those named by a {@code ${NAME}}
	 * placeholder in application.properties, and those that Spring Boot's relaxed binding
	 * maps to a property described in a {@code spring-configuration-metadata.json} on the
	 * classpath (Spring Boot's and our own). Relaxed binding maps
	 * {@code spring.datasource.hikari.maximum-pool-size} to
	 * {@code SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE} and, its legacy form,
	 * {@code SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE}; both are accepted, nothing
	 * else.
	 */
	record EnvironmentVariables(Set<String> placeholders, Set<String> properties) {

		private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)[:}]");

		static EnvironmentVariables readBy(String applicationProperties) {
			Set<String> placeholders = new HashSet<>();
			Matcher matcher = PLACEHOLDER.matcher(applicationProperties);
			while (matcher.find()) {
				placeholders.add(matcher.group(1));
			}
			Set<String> properties = new HashSet<>();
			for (String property : metadataPropertyNames()) {
				String name = property.toUpperCase(Locale.ROOT).replace('.', '_');
				properties.add(name.replace("-", ""));
				properties.add(name.replace('-', '_'));
			}
			return new EnvironmentVariables(placeholders, properties);
		}

		boolean reads(String name) {
			return this.placeholders.contains(name) || this.properties.contains(name);
		}

		private static Set<String> metadataPropertyNames() {
			JsonMapper json = JsonMapper.builder().build();
			Set<String> names = new HashSet<>();
			try {
				for (URL resource : Collections.list(DeploymentFilesTests.class.getClassLoader()
					.getResources("META-INF/spring-configuration-metadata.json"))) {
					try (InputStream in = resource.openStream()) {
						for (JsonNode property : json.readTree(in).path("properties")) {
							names.add(property.path("name").asString());
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			assertThat(names).as("Spring Boot's configuration metadata").contains("spring.datasource.url");
			return names;
		}

	}

	private static Map<String, Object> service(String name) {
		Map<String, Object> service = map(map(compose.get("services")).get(name));
		assertThat(service).as("compose service " + name).isNotNull();
		return service;
	}

	/** A service's environment, written as a map or as a list of NAME=value. */
	private static Map<String, String> environment(String service) {
		Object environment = service(service).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> entries) {
			entries.forEach((name, value) -> variables.put(name.toString(), (value != null) ? value.toString() : ""));
		}
		else if (environment instanceof List<?> entries) {
			for (Object entry : entries) {
				String[] nameValue = entry.toString().split("=", 2);
				variables.put(nameValue[0], (nameValue.length > 1) ? nameValue[1] : "");
			}
		}
		return variables;
	}

	/** A service's healthcheck command as one line, without CMD or CMD-SHELL. */
	private static String healthcheck(String service) {
		Object test = map(service(service).get("healthcheck")).get("test");
		if (test instanceof List<?> words) {
			assertThat(words).first().isIn("CMD", "CMD-SHELL");
			return String.join(" ", words.subList(1, words.size()).stream().map(Object::toString).toList());
		}
		return String.valueOf(test);
	}

	/** Named volumes of a service, name to mount point. */
	private static Map<String, String> namedVolumes(String service) {
		Map<String, String> volumes = new LinkedHashMap<>();
		Object entries = service(service).get("volumes");
		for (Object volume : (entries != null) ? (List<?>) entries : List.of()) {
			if (volume instanceof Map<?, ?> longForm) {
				if ("volume".equals(longForm.get("type"))) {
					volumes.put(String.valueOf(longForm.get("source")), String.valueOf(longForm.get("target")));
				}
			}
			else {
				String[] parts = volume.toString().split(":");
				if (parts.length > 1 && !parts[0].startsWith(".") && !parts[0].startsWith("/")
						&& !parts[0].startsWith("~")) {
					volumes.put(parts[0], parts[1]);
				}
			}
		}
		return volumes;
	}

	/** The container side of the tales service's one published port. */
	/** The API's container port: the published port that is not the management port. */
	private static String containerPort() {
		List<String> ports = containerPorts();
		assertThat(ports).hasSize(2).contains(managementPort());
		return ports.stream().filter((port) -> !port.equals(managementPort())).findFirst().orElseThrow();
	}

	private static List<String> containerPorts() {
		List<String> targets = new ArrayList<>();
		for (Object port : (List<?>) service("tales").get("ports")) {
			if (port instanceof Map<?, ?> longForm) {
				targets.add(String.valueOf(longForm.get("target")));
			}
			else {
				String shortForm = port.toString().replace("/tcp", "");
				targets.add(shortForm.substring(shortForm.lastIndexOf(':') + 1));
			}
		}
		return targets;
	}

	/** GET /metrics' port: TALES_MANAGEMENT_PORT in compose, else the default. */
	private static String managementPort() {
		Matcher port = Pattern.compile("(?m)^management\\.server\\.port=\\$\\{TALES_MANAGEMENT_PORT:([0-9]+)}$")
			.matcher(applicationProperties);
		assertThat(port.find()).as("the management port in application.properties").isTrue();
		return environment("tales").getOrDefault("TALES_MANAGEMENT_PORT", port.group(1));
	}

	private static String httpPath(String command) {
		Matcher url = HTTP_PATH.matcher(command);
		assertThat(url.find()).as("an http URL in " + command).isTrue();
		return url.group(1);
	}

	/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
	private static List<String> instructions(String dockerfile) {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : dockerfile.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || trimmed.isEmpty()) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(trimmed).toString().strip());
			current.setLength(0);
		}
		return instructions;
	}

	/** The arguments of every Dockerfile instruction with this keyword, in order. */
	private static List<String> arguments(String keyword) {
		return dockerfile.stream()
			.filter((instruction) -> instruction.toUpperCase(Locale.ROOT).startsWith(keyword + " "))
			.map((instruction) -> instruction.substring(keyword.length()).strip())
			.toList();
	}

	/** The Dockerfile's ENV NAME=value pairs. */
	private static Map<String, String> dockerfileEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher("");
		for (String arguments : arguments("ENV")) {
			pair.reset(arguments);
			while (pair.find()) {
				environment.put(pair.group(1), pair.group(2).replace("\"", ""));
			}
		}
		return environment;
	}

	/** Durations as both Spring Boot and Compose write them: 30s, 1m30s, 500ms. */
	private static Duration duration(String text) {
		Matcher part = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
		Duration duration = Duration.ZERO;
		int end = 0;
		while (part.find() && part.start() == end) {
			long amount = Long.parseLong(part.group(1));
			duration = duration.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			});
			end = part.end();
		}
		assertThat(end).as("a duration: " + text).isEqualTo(text.length()).isPositive();
		return duration;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
