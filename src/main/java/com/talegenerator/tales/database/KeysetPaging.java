package com.talegenerator.tales.database;

import java.util.List;
import java.util.Map;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;

/**
 * A repository fragment: newest-first keyset pages of the repository's aggregate, read by
 * Spring Data's mapping. A repository gains it by extending it
 * ({@code interface ChildRepository extends ListCrudRepository<Child, UUID>, KeysetPaging<Child>}).
 *
 * @param <T> the aggregate
 */
public interface KeysetPaging<T> {

	/** The aggregates that match every filter, newest first, after the page's cursor. */
	KeysetPage<T> page(List<ListFilter> filters, PageQuery page);

	/**
	 * Like {@link #page(List, PageQuery)}, but each row projected onto the given fields
	 * (property names, in that order), only their columns read.
	 */
	KeysetPage<Map<String, Object>> page(List<ListFilter> filters, PageQuery page, List<String> fields);

}
