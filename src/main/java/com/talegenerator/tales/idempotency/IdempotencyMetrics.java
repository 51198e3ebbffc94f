package com.talegenerator.tales.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code tales_idempotent_replays_total} by outcome: {@code replayed} (the first response
 * answered again), {@code in_flight} (409: the first still running), {@code mismatch}
 * (422: the key was used for another request). Each series exists from the start, so a
 * dashboard's rate has one before the first retry.
 */
@Component
class IdempotencyMetrics {

	private final Counter replayed;

	private final Counter inFlight;

	private final Counter mismatch;

	IdempotencyMetrics(MeterRegistry meters) {
		this.replayed = counter(meters, "replayed");
		this.inFlight = counter(meters, "in_flight");
		this.mismatch = counter(meters, "mismatch");
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("tales.idempotent.replays")
			.description("Requests that reused an Idempotency-Key, by what they got")
			.tag("outcome", outcome)
			.register(meters);
	}

	void replayed() {
		this.replayed.increment();
	}

	void inFlight() {
		this.inFlight.increment();
	}

	void mismatch() {
		this.mismatch.increment();
	}

}
