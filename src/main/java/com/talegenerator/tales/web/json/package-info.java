/**
 * Request and response bodies as the API reads and writes them: strict JSON (UTF-8,
 * depth, string length, body size), strict UUIDs in paths and queries, and text kept as
 * UTF-8. Features use {@link com.talegenerator.tales.web.json.Utf8Text}, and
 * {@link com.talegenerator.tales.web.json.JsonResponseWriter} to answer from a handler
 * that is not a controller method; the rest is configuration.
 */
@NullMarked
@NamedInterface("json")
package com.talegenerator.tales.web.json;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
