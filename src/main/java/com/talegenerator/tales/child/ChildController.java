package com.talegenerator.tales.child;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.talegenerator.tales.web.etag.ETags;
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
@RequestMapping("/children")
@Tag(name = "Children")
class ChildController {

	private static final SparseFields FIELDS = SparseFields.of(ChildResponse.class, "child");

	private final ChildService children;

	ChildController(ChildService children) {
		this.children = children;
	}

	@PostMapping
	@Operation(operationId = "createChild", summary = "Create a child")
	@ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = HttpHeaders.LOCATION,
			description = "The new child's URL", required = true, schema = @Schema(type = "string", format = "uri")))
	ResponseEntity<ChildResponse> create(@Valid @RequestBody ChildDetails details) {
		Child child = this.children.create(details);
		URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(child.id());
		return ETags.created(location, ChildResponse.of(child), child.updatedAt());
	}

	@GetMapping
	@Operation(operationId = "listChildren", summary = "List children, newest first",
			description = "Keyset pagination: follow the Link rel=\"next\" header for the next page.")
	@ApiResponse(responseCode = "200", description = "A page of children",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = ChildResponse.class))))
	ResponseEntity<? extends List<?>> list(@RequestParam(required = false) @Nullable String name,
			@RequestParam(defaultValue = "50") @Min(1) @Max(PageQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Nullable String after, @RequestParam(
					required = false) @Nullable @Parameter(description = SparseFields.DESCRIPTION) String fields) {
		PageQuery page = PageQuery.of(after, limit);
		return PageResponses.of(FIELDS.select(fields), () -> this.children.list(name, page).map(ChildResponse::of),
				(selected) -> this.children.list(name, page, selected));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getChild", summary = "Get a child")
	ResponseEntity<ChildResponse> get(@PathVariable UUID id) {
		Child child = this.children.get(id);
		return ETags.ok(ChildResponse.of(child), child.updatedAt());
	}

	@PutMapping("/{id}")
	@Operation(operationId = "replaceChild", summary = "Replace a child's editable fields")
	ResponseEntity<ChildResponse> replace(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody ChildDetails details) {
		Child child = this.children.replace(id, IfMatch.parse(ifMatch), details);
		return ETags.ok(ChildResponse.of(child), child.updatedAt());
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteChild", summary = "Delete a child",
			description = "The child's stories stay, keep their child snapshot and get childId null.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.children.delete(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

}
