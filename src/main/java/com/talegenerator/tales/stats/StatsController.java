package com.talegenerator.tales.stats;

import com.talegenerator.tales.auth.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Service")
class StatsController {

	private final StatsRepository stats;

	private final CurrentCaller caller;

	StatsController(StatsRepository stats, CurrentCaller caller) {
		this.stats = stats;
		this.caller = caller;
	}

	@GetMapping("/stats")
	@Operation(operationId = "getStats", summary = "Counts of children, heroes and stories, ratings and languages",
			description = "Over the caller's own rows (heroes: their own and the shared catalogue); over every row "
					+ "for the back-office.")
	Stats stats() {
		return this.stats.read(this.caller.get().scope());
	}

}
