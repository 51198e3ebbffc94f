package com.talegenerator.tales.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import com.talegenerator.tales.TalesApplication;
import com.talegenerator.tales.openapi.OpenApiValidatingInterceptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The whole service started as {@code java -jar} would start it, with
 * {@code SPRING_DATASOURCE_URL} pointing at a given PostgreSQL: command-line arguments,
 * so they win over {@code application.properties} exactly as the environment would in
 * production. Closing it stops the service, not the database.
 */
final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final RestTestClient client;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
		Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("The service did not report its port");
		}
		this.client = RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.requestInterceptor(new OpenApiValidatingInterceptor(() -> port))
			.build();
	}

	/**
	 * Starts the service on {@code postgres}, on a free port, and waits until it is up.
	 */
	static RunningService start(EmbeddedPostgres postgres) {
		String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
		SpringApplication application = new SpringApplication(TalesApplication.class);
		application.addListeners(new SharedLoggingGate(true), new SharedLoggingGate(false));
		return new RunningService(application.run("--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--spring.datasource.password=", "--server.port=0",
				"--server.address=127.0.0.1", "--tales.storage.local-directory=" + temporaryStorage(),
				// whatever the machine's environment says: local storage, URLs of this
				// service
				"--tales.storage.supabase.url=", "--tales.storage.public-base-url=",
				"--spring.lifecycle.timeout-per-shutdown-phase=5s", "--spring.main.banner-mode=off",
				"--tales.auth.mode=none"));
	}

	/**
	 * Boot's test client bound to the service; checks each response against its
	 * description.
	 */
	RestTestClient client() {
		return this.client;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Instances started in one JVM share Logback's single {@code LoggerContext}, which is
	 * not safe to initialize from two threads at once (a
	 * {@code ConcurrentModificationException} in Logback). Separate processes, as in
	 * production, have one each; so this gate lets one instance at a time through Spring
	 * Boot's logging setup, from {@code ApplicationStartingEvent} until the
	 * {@code LoggingApplicationListener} has handled the prepared environment. Everything
	 * after it, Flyway and the database included, runs concurrently.
	 */
	private static final class SharedLoggingGate implements GenericApplicationListener {

		private static final ReentrantLock LOGGING_SETUP = new ReentrantLock();

		private final boolean enter;

		SharedLoggingGate(boolean enter) {
			this.enter = enter;
		}

		@Override
		public boolean supportsEventType(ResolvableType eventType) {
			Class<?> type = eventType.toClass();
			return ApplicationStartingEvent.class.isAssignableFrom(type)
					|| ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
					|| ApplicationFailedEvent.class.isAssignableFrom(type);
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (this.enter && event instanceof ApplicationStartingEvent) {
				LOGGING_SETUP.lock();
			}
			else if (!this.enter && !(event instanceof ApplicationStartingEvent)
					&& LOGGING_SETUP.isHeldByCurrentThread()) {
				LOGGING_SETUP.unlock();
			}
		}

		@Override
		public int getOrder() {
			return this.enter ? LoggingApplicationListener.DEFAULT_ORDER - 1
					: LoggingApplicationListener.DEFAULT_ORDER + 1;
		}

	}

	private static Path temporaryStorage() {
		try {
			return Files.createTempDirectory("tales-storage-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
