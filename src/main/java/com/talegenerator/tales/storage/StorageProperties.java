package com.talegenerator.tales.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Where and how objects are stored.
 *
 * @param bucket the bucket that holds every object
 * @param maxUploadSize the largest file a client may upload (413 beyond)
 * @param maxImageSize the largest portrait or thumbnail a client may upload (413 beyond)
 * @param localDirectory where local storage keeps its files ({@code {bucket}/{path}}
 * below it), when Supabase is not configured
 * @param publicBaseUrl the service's own URL as clients reach it, for local storage's
 * public URLs; unset means the URL of the request that stored the file
 * @param media how clients reach the stored files
 * @param supabase Supabase Storage, used when its URL is set
 */
@ConfigurationProperties("tales.storage")
public record StorageProperties(@DefaultValue("tales") String bucket, @DefaultValue("50MB") DataSize maxUploadSize,
		@DefaultValue("5MB") DataSize maxImageSize, @DefaultValue("./.tales/storage") Path localDirectory,
		@Nullable URI publicBaseUrl, @DefaultValue Media media, @DefaultValue Supabase supabase) {

	/**
	 * How clients reach stored files.
	 *
	 * @param access {@code signed}: the bucket is private and every URL handed out is
	 * signed for {@code urlTtl}; {@code public}: the bucket is public and URLs are the
	 * public ones
	 * @param urlTtl how long a signed URL is valid
	 * @param signingKey the key local storage signs URLs with; unset means a random key
	 * kept under the local directory, which suits one instance (several instances on one
	 * volume share it; on several volumes, set the same key on each)
	 */
	public record Media(@DefaultValue("signed") MediaAccess access, @DefaultValue("1h") Duration urlTtl,
			@Nullable String signingKey) {

	}

	/** Whether stored files are private (signed URLs) or public. */
	public enum MediaAccess {

		SIGNED, PUBLIC

	}

	/**
	 * Supabase Storage settings.
	 *
	 * @param url the project URL, {@code https://<ref>.supabase.co}; Storage is at
	 * {@code /storage/v1} below it
	 * @param serviceKey the legacy {@code service_role} JWT or a {@code sb_secret_…} key
	 * @param jwtSecret the project's JWT secret, with which Storage checks signed URLs:
	 * when set, URLs are signed here, without asking Storage
	 * @param createBucket create the bucket at start-up when it is missing: private with
	 * signed media access, public with public access
	 * @param connectTimeout how long to wait for a connection
	 * @param readWriteTimeout how long one read or write on the connection may stall
	 * @param callTimeout how long one whole call may take (an upload included)
	 * @param idleConnectionTimeout how long a connection may sit idle in the pool before
	 * it is closed; below what anything between the service and Storage allows (Node's
	 * HTTP server, common in proxies, closes idle connections after 5 s), since a
	 * connection that was closed on the other side is found dead only once used
	 */
	public record Supabase(@Nullable String url, @Nullable String serviceKey, @Nullable String jwtSecret,
			@DefaultValue("false") boolean createBucket, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("30s") Duration readWriteTimeout, @DefaultValue("10m") Duration callTimeout,
			@DefaultValue("4s") Duration idleConnectionTimeout) {

		/** Supabase Storage is used when its URL is set. */
		public boolean isConfigured() {
			return StringUtils.hasText(this.url);
		}

	}

}
