package com.talegenerator.tales.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.talegenerator.tales.IntegrationTestSupport;
import com.talegenerator.tales.MediaSamples;
import com.talegenerator.tales.RawHttp;
import com.talegenerator.tales.paging.Cursor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated hostile requests against every endpoint of API.md: wrong JSON
 * types for each field, huge strings, nesting beyond the limit, invalid UTF-8 and half
 * surrogate pairs, NUL characters, numbers out of range, unknown fields, duplicate keys,
 * empty, truncated, oversized and random bodies, odd content types, broken multipart
 * uploads, garbage ids and query strings. Whatever comes in:
 * <ul>
 * <li>the status is never a 5xx;</li>
 * <li>an error is a problem response (RFC 9457) that shows nothing of the server's
 * insides;</li>
 * <li>a refused request (4xx) leaves the database and the stored files as they were.</li>
 * </ul>
 * jqwik runs these properties, not JUnit Jupiter, so the Spring TestContext framework is
 * asked directly to prepare each instance; it hands out the same cached application as
 * the other integration tests. Shrinking is off: jqwik's time-bounded shrinking leaves a
 * try running in the background when the bound is hit, and that try would then change the
 * data under the next property; a failing try is reported whole, readable as it is. Every
 * try goes out over a plain socket ({@link RawHttp}), byte for byte as generated: an HTTP
 * client would refuse most of these content types, bodies and targets.
 */
class HostileInputIntegrationTests extends IntegrationTestSupport {

	private static final String JSON = "application/json";

	/** The default {@code tales.http.max-json-depth}. */
	private static final int MAX_DEPTH = 64;

	/** The default {@code tales.http.max-json-string-length}. */
	private static final int MAX_STRING = 1_000_000;

	/** The default {@code tales.http.max-json-body}. */
	private static final int MAX_BODY = 5 * 1024 * 1024;

	/** Where a generated body gets raw bytes that are not UTF-8. */
	private static final String BYTES_MARKER = "\uE000";

	/** Text a response must never show: stack traces, class names, SQL, the server. */
	private static final List<String> LEAKS = List.of("\tat ", "java.", "org.", "exception", "sql", "postgres",
			"jackson", "hikari", "tomcat", "springframework", "<html", "select ", "insert ", "psql", "stacktrace");

	@LocalServerPort
	private int port;

	@Value("${tales.storage.local-directory}")
	private Path storageDirectory;

	private RawHttp raw;

	private Fixtures fixtures;

	@BeforeProperty
	void prepare() throws Exception {
		new TestContextManager(getClass()).prepareTestInstance(this);
		this.raw = new RawHttp(this.port);
		// ListQueryPlanIntegrationTests rolls back ~95,000 inserted rows, which leave the
		// tables hundreds of megabytes of dead pages that every fingerprint would scan
		// (50 ms instead of 0.5). A plain VACUUM cannot give them back once a new row
		// sits
		// behind them; VACUUM FULL rewrites the few live rows, before the fixtures are
		// made.
		this.jdbc.execute("VACUUM FULL tales.children, tales.heroes, tales.stories");
		this.fixtures = Fixtures.create(this.client);
	}

	@Property(tries = 1500, shrinking = ShrinkingMode.OFF)
	void hostileJsonBodiesAreRefusedCleanly(@ForAll("jsonRequests") Attempt attempt) {
		check(attempt, send(attempt));
	}

	@Property(tries = 300, shrinking = ShrinkingMode.OFF)
	void bodiesThatAreNotUnicodeAre400(@ForAll("notUnicodeRequests") Attempt attempt) {
		RawHttp.Response response = check(attempt, send(attempt));

		assertThat(response.status()).as("%s -> %s", attempt, response).isEqualTo(400);
	}

	@Property(tries = 400, shrinking = ShrinkingMode.OFF)
	void oddContentTypesAreRefusedCleanly(@ForAll("contentTypeRequests") Attempt attempt) {
		check(attempt, send(attempt));
	}

	@Property(tries = 300, shrinking = ShrinkingMode.OFF)
	void hostileUploadsAreRefusedCleanly(@ForAll("uploadRequests") Attempt attempt) {
		check(attempt, send(attempt));
	}

	@Property(tries = 800, shrinking = ShrinkingMode.OFF)
	void hostileQueryStringsAndIdsAreRefusedCleanly(@ForAll("queryRequests") Attempt attempt) {
		check(attempt, sendRaw(attempt));
	}

	@Property(tries = 12, shrinking = ShrinkingMode.OFF)
	void bodiesOverTheLimitsAreRefused(@ForAll("oversizedRequests") Attempt attempt) {
		RawHttp.Response response = check(attempt, send(attempt));

		assertThat(response.status()).as("%s -> %s", attempt, response).isIn(400, 413);
	}

	// ------------------------------------------------------------------ the checks

	/**
	 * What every try must satisfy; the database and the stored files are compared before
	 * and after only for a refused request, since an accepted one may change them.
	 */
	private RawHttp.Response check(Attempt attempt, Sent sent) {
		RawHttp.Response response = sent.response();
		Statistics.label("status").collect(response.status());
		assertThat(response.status()).as("%s -> %s", attempt, response).isLessThan(500);
		if (response.status() >= 400) {
			assertCleanProblem(attempt, response);
			assertThat(fingerprint()).as("database and files after %s -> %s", attempt, response)
				.isEqualTo(sent.before());
		}
		return response;
	}

	private void assertCleanProblem(Attempt attempt, RawHttp.Response response) {
		assertThat(response.header("Content-Type")).as("%s -> %s", attempt, response)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		if ("HEAD".equals(attempt.method())) {
			// the headers of the problem, without its body
			return;
		}
		var problem = response.json();
		assertThat(problem.isObject()).as("%s -> %s", attempt, response).isTrue();
		assertThat(problem.propertyNames()).as("%s -> %s", attempt, response)
			.contains("type", "title", "status", "detail", "instance");
		assertThat(problem.get("status").asInt()).isEqualTo(response.status());
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).startsWith("/");
		// the request's own path may come back in instance and detail; nothing else may
		String body = response.body().replace(attempt.pathOnly(), "").toLowerCase(Locale.ROOT);
		assertThat(LEAKS).as("leaks in %s -> %s", attempt, response)
			.noneSatisfy((leak) -> assertThat(body).contains(leak));
	}

	private Sent send(Attempt attempt) {
		String before = fingerprint();
		return new Sent(before,
				this.raw.request(attempt.method(), attempt.target(), attempt.contentType(), attempt.body()));
	}

	private Sent sendRaw(Attempt attempt) {
		String before = fingerprint();
		return new Sent(before, this.raw.request(attempt.method(), attempt.target()));
	}

	/**
	 * Cheap enough for every try: per table the row count and a sum of hashes of id and
	 * updated_at (which changes on every update), and the names and sizes of the stored
	 * files.
	 */
	private String fingerprint() {
		try {
			return fingerprintOnce();
		}
		catch (UncheckedIOException ex) {
			// a file moved while it was listed: list again, once
			return fingerprintOnce();
		}
	}

	private String fingerprintOnce() {
		String database = this.jdbc.queryForObject(
				"""
						SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || updated_at::text)::bigint), 0)
						        FROM tales.children)
						    || '|' || (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || updated_at::text)::bigint), 0)
						        FROM tales.heroes)
						    || '|' || (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || updated_at::text)::bigint), 0)
						        FROM tales.stories)""",
				String.class);
		Path bucket = this.storageDirectory.resolve("tales");
		if (!Files.isDirectory(bucket)) {
			// a refused upload may leave empty folders behind, but never a file
			return database + "|";
		}
		try (Stream<Path> files = Files.walk(bucket)) {
			return database + "|" + files.filter(Files::isRegularFile).map((file) -> {
				try {
					return bucket.relativize(file) + "=" + Files.size(file);
				}
				catch (IOException ex) {
					return bucket.relativize(file) + "=gone";
				}
			}).sorted().collect(Collectors.joining(","));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ------------------------------------------------------------------ JSON bodies

	@Provide
	Arbitrary<Attempt> jsonRequests() {
		return Arbitraries
			.oneOf(Arrays.stream(Resource.values())
				.map((resource) -> Combinators
					.combine(Arbitraries.frequencyOf(Tuple.of(8, jsonTargets(resource)), Tuple.of(1, wrongMethods())),
							hostileBody(resource),
							Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(JSON)),
									Tuple.of(1, oddContentTypes())))
					.as((target, body, type) -> new Attempt(target.method(), target.path(), type,
							body.getBytes(StandardCharsets.UTF_8))))
				.toList());
	}

	@Provide
	Arbitrary<Attempt> notUnicodeRequests() {
		return Arbitraries.oneOf(Arrays.stream(Resource.values())
			.map((resource) -> Combinators
				.combine(jsonTargets(resource), bodyWithMarker(resource), notUtf8Bytes(),
						Arbitraries.of(JSON, JSON + "; charset=UTF-8", JSON + ";charset=utf-8"))
				.as((target, body, bytes, type) -> new Attempt(target.method(), target.path(), type,
						splice(body, bytes))))
			.toList());
	}

	@Provide
	Arbitrary<Attempt> contentTypeRequests() {
		return Arbitraries.oneOf(Arrays.stream(Resource.values())
			.map((resource) -> Combinators
				.combine(jsonTargets(resource), Arbitraries.oneOf(validBody(resource), hostileBody(resource)),
						oddContentTypes())
				.as((target, body, type) -> new Attempt(target.method(), target.path(), type,
						body.getBytes(StandardCharsets.UTF_8))))
			.toList());
	}

	@Provide
	Arbitrary<Attempt> oversizedRequests() {
		Arbitrary<String> body = Arbitraries.of(
				// over the body limit: 413
				"{\"name\":\"" + "x".repeat(MAX_BODY) + "\",\"age\":6,\"gender\":\"girl\"}",
				// under the body limit, over the string limit: 400
				"{\"name\":\"" + "x".repeat(MAX_STRING + 1) + "\",\"age\":6,\"gender\":\"girl\"}",
				"{\"title\":\"t\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":\"" + "y".repeat(MAX_STRING + 1)
						+ "\"}",
				// over the depth limit in few bytes: 400
				"[".repeat(200_000), "{\"a\":".repeat(100_000),
				"{\"title\":\"t\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":" + "[".repeat(MAX_DEPTH)
						+ "]".repeat(MAX_DEPTH) + "}",
				// a number longer than Jackson's 1000 digits: 400
				"{\"title\":\"t\",\"content\":\"c\",\"moral\":\"m\",\"fullResponse\":" + "9".repeat(5000) + "}");
		return Combinators
			.combine(Arbitraries.of(new Target("POST", "/children"), new Target("POST", "/stories"),
					new Target("PUT", "/children/" + this.fixtures.child()),
					new Target("PUT", "/stories/" + this.fixtures.story() + "/rating")), body)
			.as((target, text) -> new Attempt(target.method(), target.path(), JSON,
					text.getBytes(StandardCharsets.UTF_8)));
	}

	/** The resources that take a JSON body, and the endpoints that take it. */
	enum Resource {

		CHILD, HERO, STORY, RATING

	}

	private Arbitrary<Target> jsonTargets(Resource resource) {
		return switch (resource) {
			case CHILD -> Arbitraries.oneOf(Arbitraries.just(new Target("POST", "/children")),
					ids(this.fixtures.child()).map((id) -> new Target("PUT", "/children/" + id)));
			case HERO -> Arbitraries.oneOf(Arbitraries.just(new Target("POST", "/heroes")),
					ids(this.fixtures.hero()).map((id) -> new Target("PUT", "/heroes/" + id)));
			case STORY -> Arbitraries.just(new Target("POST", "/stories"));
			case RATING -> ids(this.fixtures.story()).map((id) -> new Target("PUT", "/stories/" + id + "/rating"));
		};
	}

	/**
	 * Endpoints that exist, with a method they do not take: 405 before any body is read.
	 */
	private Arbitrary<Target> wrongMethods() {
		return Arbitraries.of(new Target("PATCH", "/stories"), new Target("PUT", "/stories"),
				new Target("POST", "/stories/" + this.fixtures.story()),
				new Target("PATCH", "/children/" + this.fixtures.child()),
				new Target("POST", "/heroes/" + this.fixtures.hero()), new Target("POST", "/stats"),
				new Target("PUT", "/stories/" + this.fixtures.story() + "/audio"));
	}

	/** A body that the endpoint accepts, to mutate. */
	private Arbitrary<String> validBody(Resource resource) {
		return Arbitraries.just(object(validFields(resource)));
	}

	private List<String[]> validFields(Resource resource) {
		List<String[]> fields = new ArrayList<>();
		switch (resource) {
			case CHILD -> {
				fields.add(field("name", "\"Hostile\""));
				fields.add(field("age", "6"));
				fields.add(field("gender", "\"girl\""));
				fields.add(field("interests", "[\"dragons\"]"));
			}
			case HERO -> {
				fields.add(field("name", "\"Hero\""));
				fields.add(field("gender", "\"boy\""));
				fields.add(field("appearance", "\"tall\""));
				fields.add(field("personalityTraits", "[\"brave\"]"));
				fields.add(field("interests", "[]"));
				fields.add(field("strengths", "[\"strong\"]"));
				fields.add(field("language", "\"en\""));
			}
			case STORY -> {
				fields.add(field("title", "\"Hostile\""));
				fields.add(field("content", "\"Once upon a time\""));
				fields.add(field("moral", "\"Be kind\""));
				fields.add(field("childName", "\"Alice\""));
				fields.add(field("childAge", "6"));
				fields.add(field("language", "\"en\""));
				fields.add(field("rating", "7"));
				fields.add(field("storyLength", "3"));
				fields.add(field("fullResponse", "{\"model\":\"x\",\"tokens\":[1,2.50,3e2]}"));
			}
			case RATING -> fields.add(field("rating", "8"));
		}
		return fields;
	}

	/** Fields a resource could get but that make its body wrong or odd. */
	private List<String> extraFieldNames(Resource resource) {
		return switch (resource) {
			case CHILD -> List.of("name", "age", "gender", "interests", "id", "createdAt", "nickname");
			case HERO -> List.of("name", "gender", "appearance", "personalityTraits", "interests", "strengths",
					"language", "id", "power");
			case STORY -> List.of("title", "content", "moral", "childId", "child", "childName", "childAge",
					"childGender", "childInterests", "modelUsed", "fullResponse", "generationInfo", "language",
					"storyLength", "rating", "audioFileUrl", "heroId");
			case RATING -> List.of("rating", "stars", "id");
		};
	}

	/** A body of the resource with one or more hostile changes, or no object at all. */
	private Arbitrary<String> hostileBody(Resource resource) {
		List<String> names = extraFieldNames(resource);
		Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(names)),
				Tuple.of(1, Arbitraries.of("", "__proto__", "constructor", "$where", "a b", "ünïcödé", "\\u0000",
						"x".repeat(300), "N".repeat(60_000))));
		Arbitrary<String[]> change = Combinators.combine(name, hostileValue()).as(HostileInputIntegrationTests::field);
		Arbitrary<String> mutated = Combinators
			.combine(change.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(0, 3),
					Arbitraries.of(true, false))
			.as((changes, drop, replace) -> {
				List<String[]> fields = new ArrayList<>(validFields(resource));
				for (int i = 0; i < drop && !fields.isEmpty(); i++) {
					fields.remove(fields.size() - 1 - (i % fields.size()));
				}
				for (String[] changed : changes) {
					if (replace) {
						// the field once, with the hostile value
						fields.removeIf((existing) -> existing[0].equals(changed[0]));
					}
					// else: a second key of the same name, or an unknown one
					fields.add(changed);
				}
				return object(fields);
			});
		return Arbitraries.frequencyOf(Tuple.of(10, mutated), Tuple.of(2, malformedDocument(resource)),
				Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)),
				Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(300)));
	}

	/** JSON values of every wrong kind, and some that are not JSON at all. */
	private static Arbitrary<String> hostileValue() {
		Arbitrary<String> scalars = Arbitraries.of("\"\"", "\"   \"", "null", "true", "false", "0", "-1", "-0", "6.5",
				"6.0", "1e2", "1E+2", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
				"1" + "0".repeat(400), "1e400", "-1e400", "1e-400", "1e999999999", "NaN", "Infinity", "-Infinity",
				"0x10", "01", "+1", ".5", "5.", "[]", "{}", "[1,2]", "[\"a\",null]", "[[\"a\"]]", "{\"a\":1}",
				"\"\\u0000\"", "\"a\\u0000b\"", "[\"\\u0000\"]", "{\"\\u0000\":1}", "\"\\t\\n\\r\\b\\f\"", "\"\\/\"",
				"\"\\x41\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"unterminated", "'single'", "undefined", "\"<script>\"",
				"\"' OR 1=1 --\"", "\"${jndi:ldap://x}\"", "\"%s%n%d\"", "\"{{7*7}}\"", "\"../../etc/passwd\"",
				"\"\ud83d\ude00\"", "\"\\ud83d\\ude00\"", "\"\u202e\"", "\"\ufeff\"", "\"\\u200b\"", ",", ":", "}",
				"{\"a\":}", "[1,]", "{,}", "1 2", "\"a\" \"b\"", "/* comment */ 1", "// x\n1");
		Arbitrary<String> strings = Combinators
			.combine(Arbitraries.strings().all().ofMaxLength(200), Arbitraries.of(true, false))
			.as(HostileInputIntegrationTests::quote);
		Arbitrary<String> longStrings = Arbitraries.of(100, 101, 500, 501, 2000, 2001, 10_000, 200_001)
			.map((length) -> "\"" + "L".repeat(length) + "\"");
		Arbitrary<String> deep = Arbitraries.integers()
			.between(MAX_DEPTH - 3, MAX_DEPTH + 40)
			.flatMap((depth) -> Arbitraries.of("[".repeat(depth) + "]".repeat(depth),
					"{\"a\":".repeat(depth) + "1" + "}".repeat(depth), "[".repeat(depth)));
		Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
				Arbitraries.bigIntegers()
					.between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
					.map(String::valueOf),
				Arbitraries.doubles().map(String::valueOf));
		return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(3, strings), Tuple.of(1, longStrings),
				Tuple.of(1, deep), Tuple.of(2, numbers));
	}

	/** Documents that are not one object of the resource. */
	private Arbitrary<String> malformedDocument(Resource resource) {
		String valid = object(validFields(resource));
		return Arbitraries.of("", " ", "\n", "null", "[]", "[" + valid + "]", "\"" + resource + "\"", "42", "true", "{",
				"}", "{}", "{{}}", valid.substring(0, valid.length() / 2), valid + " {}", valid + "x", valid + valid,
				"\ufeff" + valid, valid.replace("\"", "'"), valid.replace(":", "="), valid.replace(",", ",,"),
				valid.replace("{", "{,"), "{\"\":}", "{\"a\":1,}", "[".repeat(100_000), "{\"a\":".repeat(10_000),
				"\u0000", "\u0000" + valid, valid + "\u0000", "<child/>", "name=Alice&age=6");
	}

	/**
	 * A body of the resource with the marker in a string value, a key, before or after.
	 */
	private Arbitrary<String> bodyWithMarker(Resource resource) {
		List<String[]> fields = validFields(resource);
		Arbitrary<String> inValue = Arbitraries.integers().between(0, fields.size() - 1).map((index) -> {
			List<String[]> marked = new ArrayList<>(fields);
			marked.set(index, field(fields.get(index)[0], "\"a" + BYTES_MARKER + "b\""));
			return object(marked);
		});
		String valid = object(fields);
		return Arbitraries.frequencyOf(Tuple.of(4, inValue), Tuple.of(1, Arbitraries.of("{\"" + BYTES_MARKER + "\":1}",
				BYTES_MARKER + valid, valid + BYTES_MARKER, valid.replace("\"", "\"" + BYTES_MARKER))));
	}

	/**
	 * Byte sequences that are not UTF-8 (RFC 3629), and escapes of half a surrogate pair.
	 */
	private static Arbitrary<byte[]> notUtf8Bytes() {
		Arbitrary<byte[]> fixed = Arbitraries.of(bytes(0xC0, 0xAE), bytes(0xC0, 0xAF), bytes(0xC1, 0xBF),
				bytes(0xE0, 0x80, 0xAE), bytes(0xF0, 0x80, 0x80, 0xAE), bytes(0x80), bytes(0xBF), bytes(0xFE),
				bytes(0xFF), bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF),
				bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80),
				bytes(0xF8, 0x88, 0x80, 0x80, 0x80), bytes(0xE2, 0x82), bytes(0xF0, 0x9F, 0x98), bytes(0xC3),
				bytes(0xC3, 0x28), bytes(0xE2, 0x28, 0xA1), ascii("\\ud800"), ascii("\\udfff"), ascii("\\ud83d"),
				ascii("\\ude00\\ud83d"), ascii("\\ud800\\u0041"), ascii("\\ud800\\ud800\\udc00"));
		// any byte from 80 to FF alone is never UTF-8
		Arbitrary<byte[]> lone = Arbitraries.integers().between(0x80, 0xFF).map((b) -> bytes(b));
		return Arbitraries.frequencyOf(Tuple.of(4, fixed), Tuple.of(1, lone));
	}

	private static byte[] splice(String body, byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String[] parts = body.split(BYTES_MARKER, -1);
		for (int i = 0; i < parts.length; i++) {
			out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
			if (i < parts.length - 1) {
				out.writeBytes(bytes);
			}
		}
		return out.toByteArray();
	}

	private static Arbitrary<String> oddContentTypes() {
		return Arbitraries.of("text/plain", "text/html", "application/xml", "text/xml",
				"application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
				"multipart/mixed; boundary=x", "application/octet-stream", "application/json; charset=latin1",
				"application/json; charset=ISO-8859-1", "application/json; charset=UTF-16",
				"application/json; charset=UTF-32", "application/json; charset=x", "application/json; charset=\"",
				"application/json;;", "application/json; =", "application/json; a", "application/JSON",
				"Application/Json", "application/json-patch+json", "application/merge-patch+json",
				"application/problem+json", "application/vnd.api+json", "application/*", "*/*", "json", "/", ";;;",
				"audio/mpeg", "image/svg+xml");
	}

	// ------------------------------------------------------------------ uploads

	@Provide
	Arbitrary<Attempt> uploadRequests() {
		Arbitrary<String> storyId = ids(this.fixtures.story());
		Arbitrary<String> fileType = Arbitraries.of("audio/mpeg", "audio/ogg", "AUDIO/MPEG", "audio/", "audio",
				"audio/mpeg; x", "audio/*", "text/html", "text/plain", "image/svg+xml", "application/octet-stream", "",
				"*/*", "audio/mpeg\u0000");
		Arbitrary<String> fileName = Arbitraries.of("story.mp3", "../../etc/passwd", "..\\..\\x.mp3", "", ".", "..",
				".hidden.mp3", "a/b/c.mp3", "x".repeat(500) + ".mp3", "ünï cödé.mp3", "%2e%2e%2fx.mp3", "a;b.mp3",
				"page.html", "a\u0001b.mp3");
		// MP3s too, whose first bytes pass the content check, so that hostile metadata
		// and
		// names get past it to storage and the database
		Arbitrary<byte[]> content = Arbitraries.oneOf(Arbitraries.just(new byte[0]),
				Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000),
				Arbitraries.integers().between(10, 2000).map(MediaSamples::mp3),
				Arbitraries.just("<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
		Arbitrary<@Nullable String> metadata = Arbitraries
			.frequencyOf(Tuple.of(1, Arbitraries.just("{\"voice\":\"Rachel\"}")), Tuple.of(6, hostileValue()),
					Tuple.of(1,
							Arbitraries.integers()
								.between(MAX_DEPTH - 2, MAX_DEPTH + 5)
								.map((depth) -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth))),
					Tuple.of(1, Arbitraries.of("{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}",
							"{\"a\":1e999999999}")))
			.injectNull(0.25);
		Arbitrary<@Nullable String> provider = Arbitraries
			.of("elevenlabs", "", "x".repeat(101), "a\u0000b", "\ud83d\ude00")
			.injectNull(0.75);
		Arbitrary<String> shape = Arbitraries.of("normal", "normal", "normal", "no file", "file twice",
				"wrong part name", "truncated", "no closing boundary", "other boundary", "no part headers");
		return Combinators.combine(storyId, fileType, fileName, content, metadata, provider, shape)
			.as((id, type, name, bytes, meta, by, form) -> new Attempt("POST", "/stories/" + id + "/audio",
					"multipart/form-data; boundary=HOSTILE", multipart(form, type, name, bytes, meta, by)));
	}

	private static byte[] multipart(String shape, String type, String name, byte[] content, @Nullable String metadata,
			@Nullable String provider) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String boundary = "other boundary".equals(shape) ? "OTHER" : "HOSTILE";
		if (!"no file".equals(shape)) {
			int files = "file twice".equals(shape) ? 2 : 1;
			for (int i = 0; i < files; i++) {
				String part = "wrong part name".equals(shape) ? "audio" : "file";
				write(out, "--" + boundary + "\r\n");
				if (!"no part headers".equals(shape)) {
					write(out, "Content-Disposition: form-data; name=\"" + part + "\"; filename=\"" + name + "\"\r\n"
							+ "Content-Type: " + type + "\r\n");
				}
				write(out, "\r\n");
				out.writeBytes(content);
				write(out, "\r\n");
			}
		}
		if (metadata != null) {
			write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n" + metadata
					+ "\r\n");
		}
		if (provider != null) {
			write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"provider\"\r\n\r\n" + provider
					+ "\r\n");
		}
		if ("truncated".equals(shape)) {
			byte[] all = out.toByteArray();
			return Arrays.copyOf(all, all.length / 2);
		}
		if (!"no closing boundary".equals(shape)) {
			write(out, "--" + boundary + "--\r\n");
		}
		return out.toByteArray();
	}

	// ------------------------------------------------------------------ query strings
	// and ids

	@Provide
	Arbitrary<Attempt> queryRequests() {
		Arbitrary<String> path = Arbitraries.oneOf(
				Arbitraries.of("/children", "/heroes", "/stories", "/stats", "/health", "/children/"),
				ids(this.fixtures.child()).map((id) -> "/children/" + id + "/stories"),
				ids(this.fixtures.child()).map((id) -> "/children/" + id),
				ids(this.fixtures.hero()).map((id) -> "/heroes/" + id),
				ids(this.fixtures.story()).map((id) -> "/stories/" + id),
				ids(this.fixtures.story()).map((id) -> "/stories/" + id + "/audio"),
				ids(this.fixtures.story()).map((id) -> "/stories/" + id + "/rating"));
		Arbitrary<String> name = Arbitraries.of("limit", "minRating", "language", "childId", "after", "name",
				"childName", "fields", "q", "q", "unknown", "LIMIT", "limit[]", "", "%zz", "%", "a%00b");
		Arbitrary<String> parameter = Combinators.combine(name, queryValue(), Arbitraries.of(true, true, true, false))
			.as((key, value, withValue) -> withValue ? key + "=" + value : key);
		Arbitrary<String> query = Arbitraries.oneOf(
				parameter.list().ofMinSize(1).ofMaxSize(5).map((parameters) -> String.join("&", parameters)),
				Arbitraries.of("", "&", "&&&", "=", "==", "?", "#", "limit=1&limit=2&limit=x",
						"limit=1" + "&x=1".repeat(1200)));
		Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("GET")),
				Tuple.of(1, Arbitraries.of("HEAD", "OPTIONS", "DELETE", "PUT", "POST", "PATCH", "TRACE", "FOO")));
		return Combinators.combine(method, path, query).as((verb, target, parameters) -> {
			// a DELETE of a real row is no hostile input, and would remove the fixtures
			String safeTarget = "DELETE".equals(verb)
					? target.replace(this.fixtures.child(), UUID.randomUUID().toString())
						.replace(this.fixtures.hero(), UUID.randomUUID().toString())
						.replace(this.fixtures.story(), UUID.randomUUID().toString())
					: target;
			return new Attempt(verb, parameters.isEmpty() ? safeTarget : safeTarget + "?" + parameters, null, null);
		});
	}

	private Arbitrary<String> queryValue() {
		String cursor = new Cursor(Instant.parse("2026-01-01T00:00:00Z"), UUID.randomUUID()).encode();
		Arbitrary<String> fixed = Arbitraries.of("", "1", "-1", "0", "10", "11", "500", "501", "2147483648",
				"-2147483649", "99999999999999999999", "1e2", "2.5", "0x10", "abc", "en", "EN", "eng", "e", "%65%6e",
				"%zz", "%", "%0", "%00", "%C0%AE", "%FF", "%ED%A0%80", "%E2%82%AC", "+", "%2B", "a+b", "a%20b", "'",
				"%27", "%22", "\"", "<", ">", "%3Cscript%3E", "{}", "[]", "null", "true", "..", "%2e%2e%2f", "%2F",
				"\\", "%5C", "|", "^", "`", this.fixtures.child(), this.fixtures.child().toUpperCase(Locale.ROOT),
				"1-1-1-1-1", cursor, cursor + "x", cursor.substring(1), "AAAA", "////", "_-_-", "MTIzfm5vdC1h",
				"id,title", "id,unknown", ",", "a".repeat(5000), "%E2%82%AC".repeat(500),
				// search syntax and what a text-search parser might choke on
				"%22a%20b%22", "-a", "--a", "a%20or%20b", "or", "%26%7C!%3C-%3E()", "a:*", "a%3AAB", "%5C%27%22",
				"%22%22%22", "%D0%B4%D1%80%D0%B0%D0%BA%D0%BE%D0%BD", "a%00", "a".repeat(200), "a".repeat(201),
				"%D1%8F".repeat(200), "%D1%8F".repeat(201), "w%20".repeat(100));
		Arbitrary<String> random = Arbitraries.strings()
			.all()
			.ofMaxLength(40)
			.map((text) -> URLEncoder.encode(text, StandardCharsets.UTF_8));
		return Arbitraries.frequencyOf(Tuple.of(5, fixed), Tuple.of(1, random));
	}

	/** A path id: the real one, another real one, unknown, or no UUID at all. */
	private Arbitrary<String> ids(String real) {
		Arbitrary<String> malformed = Arbitraries.of("not-a-uuid", "1-1-1-1-1", real.replace("-", ""),
				"%7B" + real + "%7D", real + "x", real.substring(1), "%20" + real, real + "%20",
				"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "%E2%82%AC", "-1", "0",
				"9999999999999999999999", "null", "undefined", "%2e%2e", "..", ".", "%25", "~", "a".repeat(3000),
				real.replace('a', 'g').replace('b', 'g').replace('c', 'g'));
		Arbitrary<String> others = Arbitraries.of(this.fixtures.child(), this.fixtures.hero(), this.fixtures.story());
		return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(real)),
				Tuple.of(1, Arbitraries.just(real.toUpperCase(Locale.ROOT))),
				Tuple.of(2, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, others),
				Tuple.of(3, malformed));
	}

	// ------------------------------------------------------------------ helpers

	private static String[] field(String name, String rawValue) {
		return new String[] { name, rawValue };
	}

	/** An object of these fields, in order, keys quoted and values as given. */
	private static String object(List<String[]> fields) {
		return fields.stream()
			.map((field) -> quote(field[0], false) + ":" + field[1])
			.collect(Collectors.joining(",", "{", "}"));
	}

	/** A JSON string; escaping every non-ASCII char also escapes lone surrogates. */
	private static String quote(String text, boolean escapeNonAscii) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || (escapeNonAscii && c > 0x7E)) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/** An endpoint: method and path, without query. */
	record Target(String method, String path) {
	}

	/** What a try sends; the body is shown shortened when a try fails. */
	record Attempt(String method, String target, @Nullable String contentType, byte @Nullable [] body) {

		String pathOnly() {
			int query = this.target.indexOf('?');
			return (query < 0) ? this.target : this.target.substring(0, query);
		}

		@Override
		public String toString() {
			String shown = "";
			if (this.body != null) {
				String text = new String(this.body, StandardCharsets.UTF_8);
				shown = (text.length() > 300) ? text.substring(0, 300) + "… (" + this.body.length + " bytes)" : text;
			}
			String target = (this.target.length() > 300) ? this.target.substring(0, 300) + "…" : this.target;
			return this.method + " " + target + " [" + this.contentType + "] " + shown;
		}

	}

	private record Sent(String before, RawHttp.Response response) {
	}

	/**
	 * Rows every property targets by id: a child, a hero and a story, created anew for
	 * each property so that no other test's clean-up can take them away.
	 */
	private record Fixtures(String child, String hero, String story) {

		static Fixtures create(RestTestClient client) {
			String child = created(client, "/children",
					"{\"name\":\"Hostile target\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"dragons\"]}");
			String hero = created(client, "/heroes",
					"{\"name\":\"Hostile hero\",\"gender\":\"boy\",\"appearance\":\"tall\",\"language\":\"en\"}");
			String story = created(client, "/stories",
					"{\"title\":\"Hostile target\",\"content\":\"c\",\"moral\":\"m\"," + "\"childId\":\"" + child
							+ "\"}");
			return new Fixtures(child, hero, story);
		}

		private static String created(RestTestClient client, String path, String json) {
			return client.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.body(json)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.get("id")
				.asString();
		}

	}

}
