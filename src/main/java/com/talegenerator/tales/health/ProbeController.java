package com.talegenerator.tales.health;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /livez}: the process works (restart it otherwise). {@code /readyz}: it accepts
 * traffic; it turns DOWN as soon as a graceful shutdown starts, so a load balancer stops
 * sending requests while the ones in flight finish. Neither checks the database: an
 * outage there is answered with 503 problems and shown by {@code /health}, and restarting
 * or unrouting every instance would not bring the database back.
 */
@RestController
@Tag(name = "Service")
class ProbeController {

	private final ApplicationAvailability availability;

	ProbeController(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@GetMapping("/livez")
	@Operation(summary = "Liveness probe")
	ResponseEntity<Map<String, String>> liveness() {
		return status(this.availability.getLivenessState() == LivenessState.CORRECT);
	}

	@GetMapping("/readyz")
	@Operation(summary = "Readiness probe")
	ResponseEntity<Map<String, String>> readiness() {
		return status(this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
	}

	private static ResponseEntity<Map<String, String>> status(boolean up) {
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("status", up ? "UP" : "DOWN"));
	}

}
