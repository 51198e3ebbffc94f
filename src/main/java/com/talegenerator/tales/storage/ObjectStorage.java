package com.talegenerator.tales.storage;

import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where files live: one bucket of objects addressed by a path such as
 * {@code stories/{storyId}/story.mp3}. Paths are relative to the bucket, use {@code /} as
 * separator and only the characters Supabase accepts in object keys; callers build them
 * from ids and {@link SafeFileName safe file names}.
 */
public interface ObjectStorage {

	/**
	 * Stores exactly {@code length} bytes from {@code content} under {@code path},
	 * replacing any object already there, and returns the URL of what was stored: the
	 * object's {@link #publicUrl public URL} with a version in its query ({@code ?v=…})
	 * that is new on every store, so that no cache answers it with the bytes of a
	 * replaced object. The stream is read, not buffered whole.
	 * @throws StorageException if the object could not be stored; nothing is left half
	 * written under {@code path}
	 */
	URI store(String path, InputStream content, long length, String contentType);

	/**
	 * The bytes of the object at {@code path}, streamed from storage as they are read (a
	 * family's export). A failure while reading is an {@link java.io.IOException} of the
	 * stream.
	 * @return the stream, or {@code null} when there is no object at {@code path}
	 * @throws StorageException if storage could not be reached
	 */
	@Nullable InputStream open(String path);

	/**
	 * Removes the object at {@code path}; a missing object is not an error.
	 * @throws StorageException if storage could not be reached
	 */
	void delete(String path);

	/**
	 * Removes every object whose path starts with {@code prefix} followed by {@code /}
	 * (e.g. all of {@code stories/{id}}); no object is not an error.
	 * @throws StorageException if storage could not be reached
	 */
	void deletePrefix(String prefix);

	/**
	 * The URL at which anyone can read the object at {@code path}, without a version;
	 * storage serves the object at it with any query.
	 */
	URI publicUrl(String path);

	/**
	 * URLs at which anyone holding them can read these objects during {@code window}, by
	 * path: {@code {base}/storage/v1/object/sign/{bucket}/{path}?token=…}. A path storage
	 * does not sign (no such object) is left out.
	 * @throws StorageException if storage had to be asked and could not be
	 */
	Map<String, String> signedUrls(Collection<String> paths, SigningWindow window);

}
