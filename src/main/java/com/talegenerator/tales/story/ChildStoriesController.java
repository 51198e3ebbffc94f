package com.talegenerator.tales.story;

import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.paging.PageResponses;
import com.talegenerator.tales.paging.SparseFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A child's stories, at the child's own path: a story list, found in the description
 * among the child's operations.
 */
@RestController
@Tag(name = "Children")
class ChildStoriesController {

	private static final SparseFields FIELDS = SparseFields.of(StoryResponse.class, "story");

	private final StoryService stories;

	private final StoryResponses responses;

	ChildStoriesController(StoryService stories, StoryResponses responses) {
		this.stories = stories;
		this.responses = responses;
	}

	@GetMapping("/children/{childId}/stories")
	@Operation(operationId = "listChildStories", summary = "List a child's stories, newest first",
			description = "The same as /stories?childId=. 404 when the child does not exist.")
	@ApiResponse(responseCode = "200", description = "A page of the child's stories",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = StoryResponse.class))))
	ResponseEntity<? extends List<?>> listForChild(@PathVariable UUID childId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(PageQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Nullable String after, @RequestParam(
					required = false) @Nullable @Parameter(description = SparseFields.DESCRIPTION) String fields) {
		PageQuery page = PageQuery.of(after, limit);
		return PageResponses.of(FIELDS.select(fields),
				() -> this.responses.page(this.stories.listForChild(childId, page)),
				(selected) -> this.responses.sparse(this.stories.listForChild(childId, page, selected)));
	}

}
