/**
 * Children's profiles: {@code /children}.
 */
@NullMarked
package com.talegenerator.tales.child;

import org.jspecify.annotations.NullMarked;
