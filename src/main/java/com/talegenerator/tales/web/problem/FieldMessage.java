package com.talegenerator.tales.web.problem;

/**
 * One invalid field of a request, in the problem's {@code errors} array.
 *
 * @param field the field as the client names it ({@code child.name}, {@code limit})
 * @param message what is wrong with it
 */
record FieldMessage(String field, String message) {
}
