package com.talegenerator.tales.media;

import java.util.List;

/**
 * One feature's rows of a family, as the API shows them, and the stored files they point
 * at: a part of the family's export.
 *
 * @param rows the rows in the API's shape, oldest first
 * @param files the object paths of their stored files
 */
public record OwnedRows(List<?> rows, List<String> files) {
}
