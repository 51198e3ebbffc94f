/**
 * Generated bedtime stories: {@code /stories}, {@code /children/{id}/stories} and
 * ratings.
 */
@NullMarked
package com.talegenerator.tales.story;

import org.jspecify.annotations.NullMarked;
