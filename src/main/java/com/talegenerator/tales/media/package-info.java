/**
 * Files a family uploads (a story's audio and thumbnail, a hero's portrait): checked by
 * their first bytes, stored, and attached to their row so that no row points at a missing
 * file. Used by the features that own such rows.
 */
@ApplicationModule(allowedDependencies = { "idempotency", "storage", "web :: problem" })
@NullMarked
package com.talegenerator.tales.media;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
