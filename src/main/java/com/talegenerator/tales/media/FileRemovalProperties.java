package com.talegenerator.tales.media;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the queue of file removals is worked ({@link FileRemovals}).
 *
 * @param pollInterval how often the worker looks for removals that are due
 * @param firstRetry the wait after a removal's first failure; doubled after each further
 * one
 * @param maxRetry the longest wait between two tries
 * @param uploadGrace how long a file on its way to its row may take before it counts as
 * left behind (the row was deleted, or the instance stopped, half-way)
 */
@ConfigurationProperties("tales.files.removals")
public record FileRemovalProperties(@DefaultValue("10s") Duration pollInterval,
		@DefaultValue("10s") Duration firstRetry, @DefaultValue("15m") Duration maxRetry,
		@DefaultValue("1h") Duration uploadGrace) {
}
