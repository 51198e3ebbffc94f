package com.talegenerator.tales.storage;

import java.time.Clock;
import java.time.Duration;

/**
 * {@link MediaLinks} as the service makes them by default (signed, for an hour, bucket
 * {@code tales}), for tests outside this package that show heroes or stories without
 * starting storage (a controller slice).
 */
public final class TestMediaLinks {

	private TestMediaLinks() {
	}

	/** Signed links over {@code storage}, which is asked only for URLs to sign. */
	public static MediaLinks signed(ObjectStorage storage) {
		return new MediaLinks(storage, "tales",
				new StorageProperties.Media(StorageProperties.MediaAccess.SIGNED, Duration.ofHours(1), null),
				Clock.systemUTC());
	}

}
