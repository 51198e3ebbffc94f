/**
 * RFC 9457 problem responses: the exceptions that carry their problem, the one advice for
 * what Spring and the libraries throw, and the container's own refusals. Any feature may
 * throw these; nothing else builds a problem.
 */
@NullMarked
@NamedInterface("problem")
package com.talegenerator.tales.web.problem;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
