package com.talegenerator.tales.story;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.web.etag.IfMatch;
import com.talegenerator.tales.paging.PageQuery;
import com.talegenerator.tales.paging.PageResponses;
import com.talegenerator.tales.paging.SparseFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Stories")
class StoryController {

	private static final SparseFields FIELDS = SparseFields.of(StoryResponse.class, "story");

	/** API.md: a search query is at most 200 characters. */
	static final int MAX_QUERY_LENGTH = 200;

	static final String Q_DESCRIPTION = "Words to find in the title, moral and text, in web-search syntax: "
			+ "words (all of them, in any inflected form: dragon finds dragons, дракон finds драконы), "
			+ "\"a phrase\", -word (not this word), or (either side). Each story is read in its own language's "
			+ "text-search configuration; the query is read in every language, or only in language= when given. "
			+ "At most 200 characters; empty or blank: no search.";

	private final StoryService stories;

	private final StoryResponses responses;

	StoryController(StoryService stories, StoryResponses responses) {
		this.stories = stories;
		this.responses = responses;
	}

	@PostMapping("/stories")
	@Operation(operationId = "createStory", summary = "Store a story",
			description = "Name the child by childId (existing; 422 if unknown), by child (created with the story "
					+ "in one transaction) or not at all. Snapshot fields not sent are copied from the child.")
	@ApiResponse(responseCode = "201", description = "Created",
			headers = @Header(name = HttpHeaders.LOCATION, description = "The new story's URL", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "422", description = "childId names no child (or one of another family)")
	ResponseEntity<StoryResponse> create(@Valid @RequestBody StoryRequest request, HttpServletRequest http) {
		Story story = this.stories.create(request);
		// the URL the story was posted to, and its id: ServletUriComponentsBuilder parsed
		// the request's URL into parts and built it again, 3 % of the CPU samples of
		// POST /stories in the profile (bench/results/*-insert-profile.txt)
		URI location = URI.create(http.getRequestURL().append('/').append(story.id()).toString());
		return this.responses.created(location, story);
	}

	@GetMapping("/stories")
	@Operation(operationId = "listStories", summary = "List or search stories, newest first",
			description = "Filters combine with AND; minRating=5 means rating >= 5. q finds stories by the words of "
					+ "their title, moral and text, each story read in its own language. Keyset pagination: follow "
					+ "the Link rel=\"next\" header.")
	@ApiResponse(responseCode = "200", description = "A page of stories",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = StoryResponse.class))))
	ResponseEntity<? extends List<?>> list(@RequestParam(required = false) @Nullable String childName,
			@RequestParam(required = false) @Nullable UUID childId,
			@RequestParam(required = false) @Pattern(regexp = "^[a-z]{2}$",
					message = "must be an ISO 639-1 code such as en") @Nullable String language,
			@RequestParam(required = false) @Min(1) @Max(10) @Nullable Integer minRating,
			@RequestParam(required = false) @Size(max = MAX_QUERY_LENGTH) @Pattern(regexp = "[^\\x00]*",
					message = "must not contain NUL characters") @Parameter(description = Q_DESCRIPTION,
							examples = {
									@ExampleObject(name = "en", summary = "English: both words, any form",
											description = "Stories with dragon(s) and lighthouse(s)",
											value = "dragons lighthouse"),
									@ExampleObject(name = "ru", summary = "Russian: a word, but not another",
											description = "Stories with дракон, драконы, дракона…, without море",
											value = "дракон -море"),
									@ExampleObject(name = "es", summary = "Spanish: a phrase or a word",
											description = "Stories with the phrase el faro, or with dragón, dragones",
											value = "\"el faro\" or dragones") }) @Nullable String q,
			@RequestParam(defaultValue = "50") @Min(1) @Max(PageQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Nullable String after, @RequestParam(
					required = false) @Nullable @Parameter(description = SparseFields.DESCRIPTION) String fields) {
		StoryService.StoryFilter filter = new StoryService.StoryFilter(childName, childId, language, minRating, q);
		PageQuery page = PageQuery.of(after, limit);
		return PageResponses.of(FIELDS.select(fields), () -> this.responses.page(this.stories.list(filter, page)),
				(selected) -> this.responses.sparse(this.stories.list(filter, page, selected)));
	}

	@GetMapping("/stories/{id}")
	@Operation(operationId = "getStory", summary = "Get a story")
	ResponseEntity<StoryResponse> get(@PathVariable UUID id) {
		return this.responses.ok(this.stories.get(id));
	}

	@PutMapping("/stories/{id}/rating")
	@Operation(operationId = "rateStory", summary = "Rate a story from 1 to 10")
	ResponseEntity<StoryResponse> rate(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody RatingRequest request) {
		return this.responses.ok(this.stories.rate(id, request.rating(), IfMatch.parse(ifMatch)));
	}

	@DeleteMapping("/stories/{id}")
	@Operation(operationId = "deleteStory", summary = "Delete a story",
			description = "Its stored files are removed too.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.stories.delete(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

}
