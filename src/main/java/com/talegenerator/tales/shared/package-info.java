/**
 * What every feature shares: RFC 9457 problem responses, keyset pagination (cursor, page,
 * {@code Link} header) and the strict JSON settings of the API.
 */
@NullMarked
package com.talegenerator.tales.shared;

import org.jspecify.annotations.NullMarked;
