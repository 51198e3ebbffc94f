/**
 * Story heroes: {@code /heroes}.
 */
@NullMarked
package com.talegenerator.tales.hero;

import org.jspecify.annotations.NullMarked;
