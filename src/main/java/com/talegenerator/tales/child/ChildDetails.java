package com.talegenerator.tales.child;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The editable fields of a child: the body of {@code POST} and {@code PUT /children}, and
 * of a new story's {@code child}. The server-set fields of a response ({@code id},
 * {@code createdAt}, {@code updatedAt}) are ignored, so a client may send back what it
 * read.
 *
 * @param name 1 to 100 characters, not blank
 * @param age 0 to 18
 * @param gender 1 to 32 characters
 * @param interests at most 50, each 1 to 100 characters; missing means none
 */
@Schema(name = "ChildRequest", description = "A child's editable fields")
@JsonIgnoreProperties({ "id", "createdAt", "updatedAt" })
public record ChildDetails(@NotBlank @Size(max = 100) String name, @NotNull @Min(0) @Max(18) Integer age,
		@NotBlank @Size(max = 32) String gender,
		@Size(max = 50) @Nullable List<@NotNull @Size(min = 1, max = 100) String> interests) {

	List<String> interestsOrEmpty() {
		return (this.interests != null) ? List.copyOf(this.interests) : List.of();
	}

}
