/**
 * Versions of single resources: their strong {@code ETag} and the {@code If-Match}
 * precondition of a write (412 when stale). Used by the features' controllers and
 * services.
 */
@NullMarked
@NamedInterface("etag")
package com.talegenerator.tales.web.etag;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
