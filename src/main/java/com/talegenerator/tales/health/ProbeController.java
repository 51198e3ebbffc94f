package com.talegenerator.tales.health;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
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
@SecurityRequirements
class ProbeController {

	private final ApplicationAvailability availability;

	ProbeController(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@GetMapping("/livez")
	@Operation(operationId = "getLiveness", summary = "Liveness probe: restart the process when DOWN")
	@ApiResponse(responseCode = "200", description = "UP")
	@ApiResponse(responseCode = "503", description = "DOWN",
			content = @Content(schema = @Schema(implementation = HealthStatus.class)))
	ResponseEntity<HealthStatus> liveness() {
		return status(this.availability.getLivenessState() == LivenessState.CORRECT);
	}

	@GetMapping("/readyz")
	@Operation(operationId = "getReadiness",
			summary = "Readiness probe: send traffic while UP; DOWN as soon as a graceful shutdown starts")
	@ApiResponse(responseCode = "200", description = "UP")
	@ApiResponse(responseCode = "503", description = "DOWN",
			content = @Content(schema = @Schema(implementation = HealthStatus.class)))
	ResponseEntity<HealthStatus> readiness() {
		return status(this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
	}

	private static ResponseEntity<HealthStatus> status(boolean up) {
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(new HealthStatus(up ? "UP" : "DOWN"));
	}

	/**
	 * The body of the probes, and of {@code /health}.
	 *
	 * @param status {@code UP} or {@code DOWN}
	 */
	@Schema(name = "HealthStatus")
	record HealthStatus(@Schema(allowableValues = {
			"UP", "DOWN" }) String status){
	}

}
