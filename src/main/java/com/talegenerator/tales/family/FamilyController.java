package com.talegenerator.tales.family;

import java.io.IOException;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.auth.CurrentCaller;
import com.talegenerator.tales.storage.StorageException;
import com.talegenerator.tales.web.problem.InvalidFieldException;
import com.talegenerator.tales.web.problem.ResponseAbortedException;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /me/export}, {@code DELETE /me} (a parent, for their own family) and
 * {@code /users/{userId}/export}, {@code DELETE /users/{userId}} (the back-office, for
 * any family).
 */
@RestController
@Tag(name = "Family")
class FamilyController {

	static final String ZIP = "application/zip";

	/** What either export answers, in the OpenAPI description. */
	private static final String ZIP_DESCRIPTION = "A zip, streamed: children.json, heroes.json and stories.json "
			+ "(each an array in the API's own shapes, read from one snapshot), then files/{object path} for every "
			+ "stored file of the family. If storage fails once the download is under way, the connection is closed "
			+ "before the zip's end: the client sees a failed download, never a complete-looking truncated zip.";

	private final FamilyService family;

	private final CurrentCaller caller;

	FamilyController(FamilyService family, CurrentCaller caller) {
		this.family = family;
		this.caller = caller;
	}

	@GetMapping(path = "/me/export", produces = ZIP)
	@Operation(operationId = "exportMyFamily", summary = "Download all of your family's data as a zip",
			description = "For a parent (a user's token). The back-office is no user: it gets a 400 and uses "
					+ "/users/{userId}/export.")
	@ApiResponse(responseCode = "200", description = ZIP_DESCRIPTION,
			headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION,
					description = "attachment; filename=\"tales-family-{userId}.zip\"", required = true,
					schema = @Schema(type = "string")),
			content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "The caller is the back-office, which has no family")
	void exportOwn(HttpServletRequest request, HttpServletResponse response) throws IOException {
		export(user("/users/{userId}/export"), request, response);
	}

	@GetMapping(path = "/users/{userId}/export", produces = ZIP)
	@Operation(operationId = "exportFamily", summary = "Download all of one family's data as a zip (back-office)",
			description = "For the back-office only. A user id with no rows gives a zip of empty arrays.")
	@ApiResponse(responseCode = "200", description = ZIP_DESCRIPTION,
			headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION,
					description = "attachment; filename=\"tales-family-{userId}.zip\"", required = true,
					schema = @Schema(type = "string")),
			content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "403", description = "The caller is a user, not the back-office; or a "
			+ "cross-origin request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")
	void exportFamily(@PathVariable UUID userId, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		backOffice();
		export(userId, request, response);
	}

	/**
	 * The family's rows are read before the first byte is sent: a database failure is
	 * still a problem response. A failure once the zip is under way aborts it.
	 */
	private void export(UUID owner, HttpServletRequest request, HttpServletResponse response) throws IOException {
		FamilySnapshot snapshot = this.family.snapshot(owner);
		response.setContentType(ZIP);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename("tales-family-" + owner + ".zip").build().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (HttpMethod.HEAD.matches(request.getMethod())) {
			// the headers only: no file is read from storage for a body nobody gets
			return;
		}
		try {
			this.family.writeZip(snapshot, response.getOutputStream());
		}
		catch (IOException | StorageException ex) {
			if (!response.isCommitted()) {
				// nothing sent yet: the client gets the problem (503) instead of a zip
				response.reset();
				throw (ex instanceof StorageException storage) ? storage
						: new StorageException(StorageException.Kind.UNAVAILABLE, "Export: " + ex.getMessage(), ex);
			}
			throw new ResponseAbortedException("The export of a family failed half-way: " + ex.getMessage(), ex);
		}
	}

	@DeleteMapping("/me")
	@Operation(operationId = "eraseMyFamily", summary = "Erase all of your family's data",
			description = "For a parent (a user's token), who confirms with their own user id. Every row of the "
					+ "family (children, its own heroes, stories) is deleted at once, its stored files removed now or, "
					+ "while storage is down, as soon as it is back. Idempotent.")
	@ApiResponse(responseCode = "204", description = "Erased (or nothing was left to erase)")
	@ApiResponse(responseCode = "400",
			description = "confirm is missing or is not the caller's user id; or the caller is the back-office")

	ResponseEntity<Void> eraseOwn(@RequestParam(required = false) @Parameter(
			description = "The caller's own user id (the token's sub), to confirm") @Nullable String confirm) {
		UUID me = user("DELETE /users/{userId}");
		if (confirm == null || !confirm.strip().equalsIgnoreCase(me.toString())) {
			throw new InvalidFieldException("confirm",
					"must be your own user id (the token's sub): erasing your family's data cannot be undone");
		}
		this.family.erase(me, this.caller.get());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/users/{userId}")
	@Operation(operationId = "eraseFamily", summary = "Erase all of one family's data (back-office)",
			description = "For the back-office only. Every row of the family is deleted at once, its stored files "
					+ "removed now or, while storage is down, as soon as it is back; the shared catalogue stays. "
					+ "Idempotent: a family with nothing left answers 204 too.")
	@ApiResponse(responseCode = "204", description = "Erased (or nothing was left to erase)")
	@ApiResponse(responseCode = "403", description = "The caller is a user, not the back-office; or a "
			+ "cross-origin request from an origin that is not allowed (TALES_CORS_ALLOWED_ORIGINS)")

	ResponseEntity<Void> eraseFamily(@PathVariable UUID userId) {
		backOffice();
		this.family.erase(userId, this.caller.get());
		return ResponseEntity.noContent().build();
	}

	private UUID user(String instead) {
		Caller caller = this.caller.get();
		if (caller.backOffice() || caller.userId() == null) {
			throw new NotAUserException(instead);
		}
		return caller.userId();
	}

	private void backOffice() {
		if (!this.caller.get().backOffice()) {
			throw new BackOfficeOnlyException();
		}
	}

}
