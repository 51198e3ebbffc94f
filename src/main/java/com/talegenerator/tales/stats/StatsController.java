package com.talegenerator.tales.stats;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Service", description = "Statistics, health and documentation")
class StatsController {

	private final StatsRepository stats;

	StatsController(StatsRepository stats) {
		this.stats = stats;
	}

	@GetMapping("/stats")
	@Operation(summary = "Counts of children, heroes and stories, ratings and languages")
	Stats stats() {
		return this.stats.read();
	}

}
