package com.talegenerator.tales.database;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.talegenerator.tales.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static com.talegenerator.tales.Exchanges.json;
import static com.talegenerator.tales.Exchanges.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot reads talk to the database once: one statement in autocommit, without the BEGIN
 * and COMMIT of a transaction (the driver sends BEGIN with the first statement, and
 * COMMIT costs a round trip of its own). Every JDBC call that reaches the database is
 * recorded by a wrapper around the pool. And no timer wraps their repository calls.
 */
@Import(DatabaseRoundTripsIntegrationTests.RecordingDataSourceConfiguration.class)
@DirtiesContext
class DatabaseRoundTripsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private JdbcCalls calls;

	@Autowired
	private MeterRegistry meters;

	@Test
	void readingAStoryIsOneStatementWithoutATransaction() {
		String id = jsonBody(post("/stories", story())).get("id").asString();

		List<String> calls = this.calls
			.during(() -> assertThat(get("/stories/" + id).getStatus().value()).isEqualTo(200));

		assertThat(calls).containsExactly("prepareStatement");
	}

	@Test
	void listingStoriesIsOneStatementWithoutATransaction() {
		post("/stories", story());

		List<String> full = this.calls
			.during(() -> assertThat(get("/stories?language=ru&limit=5").getStatus().value()).isEqualTo(200));
		List<String> sparse = this.calls
			.during(() -> assertThat(get("/stories?language=ru&limit=5&fields=id,title").getStatus().value())
				.isEqualTo(200));

		assertThat(full).containsExactly("prepareStatement");
		assertThat(sparse).containsExactly("prepareStatement");
	}

	@Test
	void listingAChildsStoriesIsOneStatementUnlessThereAreNone() {
		String childId = jsonBody(post("/stories",
				json(Map.of("title", "T", "content", "C", "moral", "M", "child",
						Map.of("name", "Kid " + UUID.randomUUID(), "age", 5, "gender", "boy")))))
			.get("childId")
			.asString();
		String childless = jsonBody(post("/children", json(Map.of("name", "Alone", "age", 4, "gender", "girl"))))
			.get("id")
			.asString();

		List<String> withStories = this.calls
			.during(() -> assertThat(jsonBody(get("/children/" + childId + "/stories"))).hasSize(1));
		// an empty page looks the child up, for the 404 of an unknown one
		List<String> withoutStories = this.calls
			.during(() -> assertThat(jsonBody(get("/children/" + childless + "/stories"))).isEmpty());

		assertThat(withStories).containsExactly("prepareStatement");
		assertThat(withoutStories).containsExactly("prepareStatement", "prepareStatement");
		assertThat(get("/children/" + UUID.randomUUID() + "/stories").getStatus().value()).isEqualTo(404);
	}

	@Test
	void storingAStoryIsOneStatementWithoutATransaction() {
		List<String> calls = this.calls
			.during(() -> assertThat(post("/stories", story()).getStatus().value()).isEqualTo(201));

		assertThat(calls).containsExactly("prepareStatement");
	}

	@Test
	void storingAStoryWithANewChildIsOneTransaction() {
		List<String> calls = this.calls.during(() -> assertThat(post("/stories",
				json(Map.of("title", "T", "content", "C", "moral", "M", "child",
						Map.of("name", "Kid " + UUID.randomUUID(), "age", 5, "gender", "boy"))))
			.getStatus()
			.value()).isEqualTo(201));

		assertThat(calls).startsWith("setAutoCommit(false)").endsWith("commit");
		assertThat(calls).filteredOn("prepareStatement"::equals).hasSize(2);
	}

	/**
	 * Nor is a repository call timed: Boot would record every one for a registry that
	 * nothing reads, at a cost measured on GET /stories/{id} (docs/performance.md).
	 */
	@Test
	void repositoryCallsAreNotTimed() {
		String id = jsonBody(post("/stories", story())).get("id").asString();
		assertThat(get("/stories/" + id).getStatus().value()).isEqualTo(200);

		assertThat(this.meters.getMeters()).isNotEmpty()
			.noneMatch((meter) -> meter.getId().getName().startsWith("spring.data.repository"));
	}

	private static String story() {
		return json(
				Map.of("title", "Round trips", "content", "Once upon a time…", "moral", "Be kind.", "language", "ru"));
	}

	/** The JDBC calls that reach the database, in order. */
	static final class JdbcCalls {

		private final List<String> calls = new CopyOnWriteArrayList<>();

		synchronized List<String> during(Runnable request) {
			this.calls.clear();
			request.run();
			return List.copyOf(this.calls);
		}

		void record(String call) {
			this.calls.add(call);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingDataSourceConfiguration {

		@Bean
		JdbcCalls jdbcCalls() {
			return new JdbcCalls();
		}

		@Bean
		static BeanPostProcessor recordingDataSource(
				org.springframework.beans.factory.ObjectProvider<JdbcCalls> calls) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)) {
						return new DelegatingDataSource(dataSource) {

							@Override
							public Connection getConnection() throws SQLException {
								return recording(super.getConnection(), calls.getObject());
							}

						};
					}
					return bean;
				}

			};
		}

		/**
		 * Records statements, commits and rollbacks, and switching autocommit off; the
		 * pool's own bookkeeping (resetting autocommit on an idle connection) is not a
		 * round trip and is left out.
		 */
		private static Connection recording(Connection connection, JdbcCalls calls) {
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						switch (method.getName()) {
							case "prepareStatement", "createStatement", "prepareCall", "commit", "rollback" ->
								calls.record(method.getName());
							case "setAutoCommit" -> {
								if (Boolean.FALSE.equals(arguments[0])) {
									calls.record("setAutoCommit(false)");
								}
							}
							default -> {
							}
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

	// paths as written (already encoded, or a Link the service sent), not URI templates
	private EntityExchangeResult<String> get(String path) {
		return this.client.get().uri(URI.create(path)).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path, String json) {
		return this.client.post()
			.uri(URI.create(path))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.returnResult(String.class);
	}

}
