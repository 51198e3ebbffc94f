/**
 * Object storage for stories' audio and thumbnails and heroes' portraits: the
 * {@link ObjectStorage} port, Supabase Storage over OkHttp in production, local files
 * served at Supabase's public-URL shape by default. Nothing outside this package knows
 * OkHttp.
 */
@ApplicationModule(allowedDependencies = { "settings" })
@NullMarked
package com.talegenerator.tales.storage;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
