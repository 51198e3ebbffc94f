package com.talegenerator.tales.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Objects as files under {@code {directory}/{bucket}/{path}}, for the default mode. Each
 * file is written to a temporary file beside it and moved into place, so a reader never
 * sees half a file and a failed upload leaves the previous one intact. The content type
 * is kept in a small sidecar file under {@code {directory}/.metadata/}, since the file
 * system has no place for it. {@link LocalStorageController} serves the files at
 * Supabase's public-URL shape.
 */
class LocalObjectStorage implements ObjectStorage {

	static final String PUBLIC_PATH = "/storage/v1/object/public/";

	static final String SIGNED_PATH = "/storage/v1/object/sign/";

	/** The longest object path, in UTF-8 bytes: Supabase's limit on object names. */
	static final int MAX_PATH_BYTES = 1024;

	/** The longest segment, in UTF-8 bytes: what common file systems allow for a name. */
	static final int MAX_NAME_BYTES = 255;

	private final String bucket;

	private final Path bucketDirectory;

	private final Path metadataDirectory;

	private final Supplier<String> origin;

	/** The path of the bucket's signed URLs, after the origin, encoded. */
	private final String signedPath;

	private final SignedUrlToken tokens;

	/**
	 * @param directory the root of local storage
	 * @param bucket the bucket name
	 * @param origin the service's URL as clients reach it, up to its context path and
	 * encoded ({@link ServiceOrigin})
	 * @param tokens signs and checks the tokens of signed URLs, with local storage's key
	 */
	LocalObjectStorage(Path directory, String bucket, Supplier<String> origin, SignedUrlToken tokens) {
		Path root = directory.toAbsolutePath().normalize();
		this.bucket = bucket;
		this.bucketDirectory = root.resolve(bucket);
		this.metadataDirectory = root.resolve(".metadata").resolve(bucket);
		this.origin = origin;
		this.signedPath = encodedPath(SIGNED_PATH + bucket + "/");
		this.tokens = tokens;
	}

	@Override
	public URI store(String path, InputStream content, long length, String contentType) {
		Path target = resolve(this.bucketDirectory, path);
		Path metadata = resolve(this.metadataDirectory, path);
		Path temporary = null;
		try {
			Files.createDirectories(target.getParent());
			Files.createDirectories(metadata.getParent());
			temporary = Files.createTempFile(target.getParent(), ".upload-", ".part");
			try (OutputStream out = Files.newOutputStream(temporary)) {
				long copied = content.transferTo(out);
				if (copied != length) {
					throw new StorageException(StorageException.Kind.CONTENT_UNREADABLE,
							"Expected " + length + " bytes for " + path + " but got " + copied);
				}
			}
			writeAtomically(metadata, contentType);
			move(temporary, target);
			return ObjectVersions.versioned(publicUrl(path));
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not write " + path, ex);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	@Override
	public @Nullable InputStream open(String path) {
		try {
			return Files.newInputStream(resolve(this.bucketDirectory, path));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read " + path, ex);
		}
	}

	@Override
	public void delete(String path) {
		try {
			Files.deleteIfExists(resolve(this.bucketDirectory, path));
			Files.deleteIfExists(resolve(this.metadataDirectory, path));
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not delete " + path, ex);
		}
	}

	@Override
	public void deletePrefix(String prefix) {
		try {
			deleteTree(resolve(this.bucketDirectory, prefix));
			deleteTree(resolve(this.metadataDirectory, prefix));
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not delete " + prefix + "/", ex);
		}
	}

	@Override
	public URI publicUrl(String path) {
		return URI.create(this.origin.get() + encodedPath(PUBLIC_PATH + this.bucket + "/" + path));
	}

	/** Signed here, with local storage's key: storage is never asked. */
	@Override
	public Map<String, String> signedUrls(Collection<String> paths, SigningWindow window) {
		SignedUrlToken.Signer signer = this.tokens.signer();
		String base = this.origin.get() + this.signedPath;
		Map<String, String> urls = new LinkedHashMap<>();
		for (String path : paths) {
			urls.put(path,
					SignedUrls.of(base, path, signer.sign(this.bucket, path, window.issuedAt(), window.expiresAt())));
		}
		return urls;
	}

	/** What the token of a signed URL says of a request for {@code bucket/path}. */
	SignedUrlToken.Verdict verify(@Nullable String token, String bucket, String path, Instant now,
			JsonMapper jsonMapper) {
		return this.tokens.verify(token, bucket, path, now, jsonMapper);
	}

	/**
	 * The stored object at {@code path} of {@code bucket}, if there is one. Paths that
	 * are not plain object paths (dot segments, hidden files) have no object.
	 */
	Optional<StoredFile> find(String bucket, String path) {
		if (!this.bucket.equals(bucket) || !isObjectPath(path)) {
			return Optional.empty();
		}
		Path file = resolve(this.bucketDirectory, path);
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			if (!attributes.isRegularFile()) {
				return Optional.empty();
			}
			String contentType = Files.readString(resolve(this.metadataDirectory, path), StandardCharsets.UTF_8);
			return Optional.of(new StoredFile(file, contentType.trim(), attributes.size(),
					attributes.lastModifiedTime().toInstant()));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read " + path, ex);
		}
	}

	/**
	 * A path names an object when every segment is a plain, visible name, and the whole
	 * can be named on a file system: a longer one (a hostile URL) would make the file
	 * system fail with "File name too long", which is no reason for a 503.
	 */
	static boolean isObjectPath(String path) {
		if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || utf8Length(path) > MAX_PATH_BYTES) {
			return false;
		}
		for (String segment : path.split("/", -1)) {
			if (segment.isEmpty() || segment.startsWith(".") || segment.contains("\\") || segment.indexOf('\0') >= 0
					|| utf8Length(segment) > MAX_NAME_BYTES) {
				return false;
			}
		}
		return true;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	/** A path with its segments percent-encoded as URLs need them. */
	private static String encodedPath(String path) {
		StringBuilder encoded = new StringBuilder(path.length() + 16);
		SignedUrls.appendPath(encoded, path);
		return encoded.toString();
	}

	/** Resolves a path below a directory and refuses anything that would leave it. */
	private static Path resolve(Path directory, String path) {
		if (!isObjectPath(path)) {
			throw new StorageException(StorageException.Kind.NAME_REFUSED, "Not an object path: " + path);
		}
		Path resolved = directory.resolve(path).normalize();
		if (!resolved.startsWith(directory) || resolved.equals(directory)) {
			throw new StorageException(StorageException.Kind.NAME_REFUSED, "Path leaves the bucket: " + path);
		}
		return resolved;
	}

	private static void writeAtomically(Path target, String text) throws IOException {
		Path temporary = Files.createTempFile(target.getParent(), ".meta-", ".part");
		try {
			Files.writeString(temporary, text, StandardCharsets.UTF_8);
			move(temporary, target);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	private static void move(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		Files.walkFileTree(directory, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				if (failure != null) {
					throw failure;
				}
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// a leftover temporary file is harmless: it is hidden and never served
			}
		}
	}

	/**
	 * A file of local storage.
	 *
	 * @param file where it is
	 * @param contentType the type it was stored with
	 * @param size its length in bytes
	 * @param lastModified when it was last written
	 */
	record StoredFile(Path file, String contentType, long size, Instant lastModified) {
	}

}
