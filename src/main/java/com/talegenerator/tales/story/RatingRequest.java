package com.talegenerator.tales.story;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code PUT /stories/{id}/rating}.
 *
 * @param rating 1 to 10
 */
record RatingRequest(@NotNull @Min(1) @Max(10) Integer rating) {
}
