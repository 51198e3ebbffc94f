/**
 * RFC 9457 problems: exceptions that carry their problem, the one advice for what Spring,
 * the libraries and storage throw, and the writer for refusals outside Spring MVC. Any
 * package may throw its exceptions; only the security chain uses the writer.
 */
@NullMarked
@NamedInterface("problem")
package com.talegenerator.tales.web.problem;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
