package com.talegenerator.tales.hero;

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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/heroes")
@Tag(name = "Heroes")
class HeroController {

	private static final SparseFields FIELDS = SparseFields.of(HeroResponse.class, "hero");

	private final HeroService heroes;

	private final HeroResponses responses;

	HeroController(HeroService heroes, HeroResponses responses) {
		this.heroes = heroes;
		this.responses = responses;
	}

	@PostMapping
	@Operation(operationId = "createHero", summary = "Create a hero",
			description = "language defaults to en; missing arrays are empty. A user's hero is theirs; the "
					+ "back-office's joins the shared catalogue that everyone reads.")
	@ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = HttpHeaders.LOCATION,
			description = "The new hero's URL", required = true, schema = @Schema(type = "string", format = "uri")))
	ResponseEntity<HeroResponse> create(@Valid @RequestBody HeroDetails details) {
		Hero hero = this.heroes.create(details);
		URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(hero.id());
		return this.responses.created(location, hero);
	}

	@GetMapping
	@Operation(operationId = "listHeroes", summary = "List heroes, newest first",
			description = "Filters are optional and combine with AND. Keyset pagination: follow the Link rel=\"next\" header for the next page.")
	@ApiResponse(responseCode = "200", description = "A page of heroes",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = HeroResponse.class))))
	ResponseEntity<? extends List<?>> list(@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable @Pattern(regexp = HeroDetails.LANGUAGE_PATTERN) String language,
			@RequestParam(defaultValue = "50") @Min(1) @Max(PageQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Nullable String after, @RequestParam(
					required = false) @Nullable @Parameter(description = SparseFields.DESCRIPTION) String fields) {
		PageQuery page = PageQuery.of(after, limit);
		return PageResponses.of(FIELDS.select(fields),
				() -> this.responses.page(this.heroes.list(name, language, page)),
				(selected) -> this.responses.sparse(this.heroes.list(name, language, page, selected)));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getHero", summary = "Get a hero")
	ResponseEntity<HeroResponse> get(@PathVariable UUID id) {
		return this.responses.ok(this.heroes.get(id));
	}

	@PutMapping("/{id}")
	@Operation(operationId = "replaceHero", summary = "Replace a hero's editable fields")
	@ApiResponse(responseCode = "200", description = "The hero as replaced")
	@ApiResponse(responseCode = "403",
			description = "A hero of the shared catalogue, which only the back-office changes; or a cross-origin "
					+ "request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")
	ResponseEntity<HeroResponse> replace(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody HeroDetails details) {
		return this.responses.ok(this.heroes.replace(id, IfMatch.parse(ifMatch), details));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteHero", summary = "Delete a hero")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403",
			description = "A hero of the shared catalogue, which only the back-office changes; or a cross-origin "
					+ "request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")
	ResponseEntity<Void> delete(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.heroes.delete(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

}
