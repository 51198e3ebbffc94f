package com.talegenerator.tales.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.talegenerator.tales.settings.InvalidSettingException;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * Builds the Supabase Storage adapter from the settings, refusing settings that cannot
 * work with one clear line each, so a misconfigured service fails at start-up rather than
 * on the first upload.
 */
final class SupabaseStorageFactory {

	/** OkHttp's default. */
	private static final int MAX_IDLE_CONNECTIONS = 5;

	private static final Pattern ROLE_CLAIM = Pattern.compile("\"role\"\\s*:\\s*\"([^\"]*)\"");

	private SupabaseStorageFactory() {
	}

	/**
	 * The adapter for {@code properties.supabase()}, whose bucket has been created if
	 * missing when {@code createBucket} is set, and otherwise looked up once, with what
	 * would make uploads fail logged (see {@link SupabaseObjectStorage#checkBucket()}),
	 * and whose JWT secret, when set, Storage has been asked to accept
	 * ({@link SupabaseObjectStorage#checkUrlSigning()}).
	 * @throws InvalidSettingException if the URL or the service key is missing or
	 * unusable
	 * @throws StorageException if the bucket is to be created and could not be checked or
	 * created
	 */
	static SupabaseObjectStorage create(StorageProperties properties, JsonMapper jsonMapper) {
		return create(properties, jsonMapper, ObservationRegistry.NOOP);
	}

	/**
	 * As {@link #create(StorageProperties, JsonMapper)}, each request to Storage observed
	 * in {@code observations} (its metrics, and the trace it belongs to).
	 */
	static SupabaseObjectStorage create(StorageProperties properties, JsonMapper jsonMapper,
			ObservationRegistry observations) {
		StorageProperties.Supabase supabase = properties.supabase();
		String url = validUrl(supabase.url());
		String serviceKey = validServiceKey(supabase.serviceKey());
		if (!StringUtils.hasText(properties.bucket())) {
			throw new InvalidSettingException("tales.storage.bucket must name the Supabase Storage bucket");
		}
		String jwtSecret = StringUtils.hasText(supabase.jwtSecret()) ? supabase.jwtSecret().strip() : null;
		SupabaseObjectStorage storage = new SupabaseObjectStorage(url, serviceKey, properties.bucket().strip(),
				httpClient(supabase, observations), jsonMapper, properties.media().access(), jwtSecret);
		if (supabase.createBucket()) {
			storage.ensureBucket();
		}
		else {
			storage.checkBucket();
		}
		storage.checkUrlSigning();
		return storage;
	}

	/**
	 * A client with the configured timeouts; the call timeout bounds a whole upload. Idle
	 * connections are closed before anything in between would close them: OkHttp checks a
	 * pooled connection only once it has been idle for 10 s, so until then it would send
	 * a request into one that is already closed.
	 */
	static OkHttpClient httpClient(StorageProperties.Supabase supabase) {
		return httpClient(supabase, ObservationRegistry.NOOP);
	}

	/** As {@link #httpClient(StorageProperties.Supabase)}, its requests observed. */
	static OkHttpClient httpClient(StorageProperties.Supabase supabase, ObservationRegistry observations) {
		return new OkHttpClient.Builder()
			// an application interceptor: one observation per call as the service made
			// it, a retry on a fresh connection included
			.addInterceptor(new StorageObservationInterceptor(observations))
			.connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, supabase.idleConnectionTimeout().toMillis(),
					TimeUnit.MILLISECONDS))
			.connectTimeout(supabase.connectTimeout())
			.readTimeout(supabase.readWriteTimeout())
			.writeTimeout(supabase.readWriteTimeout())
			.callTimeout(supabase.callTimeout())
			.followRedirects(false)
			.followSslRedirects(false)
			.build();
	}

	private static String validUrl(@Nullable String url) {
		if (!StringUtils.hasText(url)) {
			throw new InvalidSettingException("SUPABASE_URL (tales.storage.supabase.url) is not set");
		}
		String trimmed = url.strip();
		if (HttpUrl.parse(trimmed) == null) {
			throw new InvalidSettingException(
					"SUPABASE_URL (tales.storage.supabase.url) must be an http(s) URL such as "
							+ "https://<project-ref>.supabase.co, not '" + trimmed + "'");
		}
		return trimmed;
	}

	private static String validServiceKey(@Nullable String serviceKey) {
		if (!StringUtils.hasText(serviceKey)) {
			throw new InvalidSettingException("SUPABASE_SERVICE_KEY (tales.storage.supabase.service-key) must be set "
					+ "when SUPABASE_URL is: the service_role JWT or an sb_secret_ key");
		}
		// an environment variable often comes with a trailing newline
		String key = serviceKey.strip();
		if (!key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new InvalidSettingException("SUPABASE_SERVICE_KEY (tales.storage.supabase.service-key) has spaces or "
					+ "characters an HTTP header cannot carry");
		}
		if (key.startsWith("sb_publishable_")) {
			throw new InvalidSettingException(
					"SUPABASE_SERVICE_KEY (tales.storage.supabase.service-key) is a publishable "
							+ "key, which cannot write to Storage: use the service_role JWT or an sb_secret_ key");
		}
		if ("anon".equals(jwtRole(key))) {
			// the original Tale Generator documented SUPABASE_KEY as the anon key
			throw new InvalidSettingException("SUPABASE_SERVICE_KEY (or SUPABASE_KEY) is the anon key, which Storage "
					+ "refuses for writes: use the service_role JWT or an sb_secret_ key");
		}
		return key;
	}

	/** The {@code role} claim of a legacy API-key JWT, read without verifying it. */
	private static @Nullable String jwtRole(String key) {
		String[] parts = key.split("\\.");
		if (parts.length != 3) {
			return null;
		}
		try {
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			Matcher role = ROLE_CLAIM.matcher(payload);
			return role.find() ? role.group(1) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
