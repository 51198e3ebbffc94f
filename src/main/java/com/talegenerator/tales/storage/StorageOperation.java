package com.talegenerator.tales.storage;

import java.util.Locale;

/**
 * What a request to Supabase Storage does: the {@code operation} label of
 * {@code tales_storage_requests_seconds}. Each request carries its operation as an OkHttp
 * tag ({@link StorageObservationInterceptor}).
 */
enum StorageOperation {

	/** Upload a file (audio, thumbnail, portrait). */
	STORE,

	/** Read a file (a family's export). */
	READ,

	/** Remove one file. */
	DELETE,

	/** List a folder, to empty it. */
	LIST,

	/** Remove the files listed, with one call. */
	DELETE_MANY,

	/** Have Storage sign URLs (without SUPABASE_JWT_SECRET). */
	SIGN,

	/** Start-up: does Storage accept URLs signed with SUPABASE_JWT_SECRET? */
	CHECK_SIGNING,

	/** Start-up: look the bucket up. */
	FIND_BUCKET,

	/** Start-up: create the bucket (SUPABASE_CREATE_BUCKET). */
	CREATE_BUCKET;

	private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/** The label value, e.g. {@code delete-many}. */
	String label() {
		return this.label;
	}

}
