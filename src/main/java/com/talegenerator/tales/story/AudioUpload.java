package com.talegenerator.tales.story;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * An audio file a client uploads for a story, still on its way from the request.
 *
 * @param fileName the name the client gave the file, unsafe as it is
 * @param contentType its {@code audio/*} type
 * @param size its length in bytes
 * @param content opens the bytes; read once
 * @param provider the voice service that made it
 * @param metadata how it was made: the text of a JSON object, as it will be stored
 */
record AudioUpload(@Nullable String fileName, String contentType, long size, Content content, @Nullable String provider,
		@Nullable String metadata) {

	/** Where the bytes come from (the servlet container's spooled part). */
	@FunctionalInterface
	interface Content {

		InputStream open() throws IOException;

	}

}
