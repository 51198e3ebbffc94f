package com.talegenerator.tales.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import com.talegenerator.tales.settings.InvalidSettingException;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.MultipartConfigElement;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Picks the storage adapter (Supabase Storage when {@code SUPABASE_URL} is set, local
 * files otherwise) and sets the upload limits.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStorageConfiguration {

	/** Room for the form's other parts (provider, metadata) and the multipart framing. */
	private static final DataSize FORM_OVERHEAD = DataSize.ofMegabytes(1);

	@Bean
	@Conditional(LocalStorageCondition.class)
	LocalObjectStorage localObjectStorage(StorageProperties properties) {
		byte[] key = LocalSigningKey.load(properties.media().signingKey(), properties.localDirectory());
		Supplier<String> origin = (properties.publicBaseUrl() != null) ? ServiceOrigin.of(properties.publicBaseUrl())
				: ServiceOrigin.ofCurrentRequest();
		return new LocalObjectStorage(properties.localDirectory(), properties.bucket(), origin,
				new SignedUrlToken(key));
	}

	@Bean
	@Conditional(SupabaseStorageCondition.class)
	SupabaseObjectStorage supabaseObjectStorage(StorageProperties properties, JsonMapper jsonMapper,
			ObjectProvider<ObservationRegistry> observations) {
		return SupabaseStorageFactory.create(properties, jsonMapper,
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	MediaLinks mediaLinks(ObjectStorage storage, StorageProperties properties) {
		if (properties.media().urlTtl().compareTo(Duration.ofSeconds(1)) < 0) {
			// a JWT's times are whole seconds: a shorter lifetime would make URLs that
			// expire as they are handed out
			throw new InvalidSettingException("TALES_MEDIA_URL_TTL (tales.storage.media.url-ttl) must be at least 1s, "
					+ "e.g. 1h; it is " + properties.media().urlTtl());
		}
		return new MediaLinks(storage, properties.bucket().strip(), properties.media(), Clock.systemUTC());
	}

	/**
	 * Uploads are spooled to disk by the servlet container as they arrive (never held in
	 * memory), and refused as soon as they pass the limit.
	 */
	@Bean
	MultipartConfigElement multipartConfigElement(StorageProperties properties) {
		// each endpoint holds its own files to their limit (audio, images); this is the
		// larger of the two
		long maxFile = Math.max(properties.maxUploadSize().toBytes(), properties.maxImageSize().toBytes());
		return new MultipartConfigElement(null, maxFile, maxFile + FORM_OVERHEAD.toBytes(), 0);
	}

}
