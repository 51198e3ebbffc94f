/**
 * Counts over the whole collection: {@code /stats}.
 */
@NullMarked
package com.talegenerator.tales.stats;

import org.jspecify.annotations.NullMarked;
