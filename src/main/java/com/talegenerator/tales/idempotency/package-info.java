/**
 * {@code Idempotency-Key} on the creating and uploading {@code POST}s (API.md "Idempotent
 * creates"): a retried request is answered with the first response instead of writing
 * twice. Keys are kept per caller in the database, written in the transaction of what
 * they protect; {@link com.talegenerator.tales.idempotency.IdempotentUploads} is the hook
 * the media feature calls while an upload streams and attaches.
 */
@ApplicationModule(allowedDependencies = { "auth", "web :: json", "web :: problem" })
@NullMarked
package com.talegenerator.tales.idempotency;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
