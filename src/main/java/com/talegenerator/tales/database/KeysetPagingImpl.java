package com.talegenerator.tales.database;

import java.util.List;
import java.util.Map;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.paging.ListFilter;
import com.talegenerator.tales.paging.PageQuery;

import org.springframework.data.repository.core.RepositoryMethodContext;
import org.springframework.data.repository.core.support.RepositoryMetadataAccess;

/**
 * {@link KeysetPaging} for every repository that extends it: Spring Data tells it which
 * repository is calling ({@link RepositoryMetadataAccess}), so one implementation pages
 * any aggregate.
 */
class KeysetPagingImpl<T> implements KeysetPaging<T>, RepositoryMetadataAccess {

	private final KeysetPager pager;

	KeysetPagingImpl(KeysetPager pager) {
		this.pager = pager;
	}

	@Override
	public KeysetPage<T> page(List<ListFilter> filters, PageQuery page) {
		return this.pager.page(aggregate(), filters, page);
	}

	@Override
	public KeysetPage<Map<String, Object>> page(List<ListFilter> filters, PageQuery page, List<String> fields) {
		return this.pager.page(aggregate(), filters, page, fields);
	}

	@SuppressWarnings("unchecked")
	private Class<T> aggregate() {
		return (Class<T>) RepositoryMethodContext.getContext().getMetadata().getDomainType();
	}

}
