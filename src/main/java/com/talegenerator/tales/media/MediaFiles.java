package com.talegenerator.tales.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.talegenerator.tales.idempotency.IdempotentUploads;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.StorageException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A row's files (a story's audio and thumbnail, a hero's portrait): stored first, then
 * the row pointed at them in a short transaction, so no transaction is held while a file
 * travels and the two never get out of step. If storing fails the row is untouched; if
 * pointing the row at the file fails, the file is removed; a file the row pointed at
 * before, under another name, is removed once the row points at the new one. Concurrent
 * uploads for one row take turns on its row lock (the callers lock it), so each removes
 * exactly the file it replaced.
 */
@Component
public class MediaFiles {

	private static final Logger log = LoggerFactory.getLogger(MediaFiles.class);

	private final ObjectStorage storage;

	private final MediaLinks links;

	private final TransactionOperations transactions;

	private final IdempotentUploads idempotentUploads;

	/** {@code tales_uploads_total} and {@code tales_upload_bytes_total} of each kind. */
	private final Map<String, UploadCounters> uploads;

	/**
	 * Files (or a deleted row's folder of them) left in storage, pointed at by no row,
	 * because removing them failed: only the log says which.
	 */
	private final Counter removalsFailed;

	MediaFiles(ObjectStorage storage, MediaLinks links, TransactionOperations transactions,
			IdempotentUploads idempotentUploads, MeterRegistry meters) {
		this.storage = storage;
		this.links = links;
		this.transactions = transactions;
		this.idempotentUploads = idempotentUploads;
		this.removalsFailed = Counter.builder("tales.files.removals.failed")
			.description("Removals of files no row points to that failed, leaving the files in storage (see the log)")
			.register(meters);
		// registered at zero from the start, so a dashboard's rate has a series before
		// the first upload
		this.uploads = Arrays.stream(MediaFormat.values())
			.map(MediaFormat::kindLabel)
			.distinct()
			.collect(Collectors.toUnmodifiableMap(Function.identity(), (kind) -> UploadCounters.of(kind, meters)));
	}

	/**
	 * Stores the upload at {@code folder/name} (after its first bytes showed its declared
	 * format), then runs {@code attach} with the stored file's URL in one transaction.
	 * @param folder the row's folder, e.g. {@code stories/{id}}: only files in it are
	 * ever removed
	 * @param pointedAt the URL the row pointed at when the upload began
	 * @param attach points the row, locked, at the URL, and says what it pointed at until
	 * then
	 * @throws UnsupportedFileException if the bytes are not the declared format's (415);
	 * nothing is stored
	 * @throws StorageException if the file could not be stored; the row is untouched
	 */
	public <T> T store(String folder, String name, MediaUpload upload, @Nullable String pointedAt,
			Function<URI, Attached<T>> attach) {
		String path = folder + "/" + name;
		// with an Idempotency-Key, the key's fingerprint is counted as the bytes stream
		// and the key is marked in the attach transaction: one commit for both
		IdempotentUploads.UploadFingerprint idempotent = this.idempotentUploads.current();
		URI url;
		try (InputStream content = (idempotent != null) ? idempotent.digesting(upload.openChecked())
				: upload.openChecked()) {
			url = this.storage.store(path, content, upload.size(), upload.format().contentType());
		}
		catch (IOException ex) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read the upload of " + path, ex);
		}
		Attached<T> attached;
		try {
			attached = Objects.requireNonNull(this.transactions.execute((status) -> {
				Attached<T> changed = attach.apply(url);
				if (idempotent != null) {
					idempotent.attached();
				}
				return changed;
			}));
		}
		catch (RuntimeException ex) {
			// an upload under the name the row already uses has replaced that file's
			// bytes: removing it would leave the row pointing at nothing
			if (!path.equals(pathIn(folder, pointedAt))) {
				removeQuietly(path);
			}
			throw ex;
		}
		removeReplaced(folder, attached.previousUrl(), path);
		counted(upload);
		return attached.row();
	}

	private void counted(MediaUpload upload) {
		UploadCounters counters = this.uploads.get(upload.format().kindLabel());
		counters.files().increment();
		counters.bytes().increment(upload.size());
	}

	/**
	 * Uploads stored and attached, and their bytes, of one kind ({@code audio},
	 * {@code image}).
	 */
	private record UploadCounters(Counter files, Counter bytes) {

		static UploadCounters of(String kind, MeterRegistry meters) {
			return new UploadCounters(
					Counter.builder("tales.uploads")
						.description("Files uploaded and attached to their row")
						.tag("kind", kind)
						.register(meters),
					Counter.builder("tales.upload.bytes")
						.description("Bytes of the files uploaded and attached to their row")
						.baseUnit("bytes")
						.tag("kind", kind)
						.register(meters));
		}

	}

	/**
	 * Runs {@code detach} in one transaction, then removes the file the row pointed at.
	 * @param folder the row's folder: only a file in it is removed
	 */
	public <T> T remove(String folder, Supplier<Attached<T>> detach) {
		Attached<T> detached = Objects.requireNonNull(this.transactions.execute((status) -> detach.get()));
		removeReplaced(folder, detached.previousUrl(), null);
		return detached.row();
	}

	/**
	 * The file the row pointed at before, unless it is the one it points at now. Only the
	 * change that replaced it sees it as its previous file, so removing it races with no
	 * other change. (Concurrent uploads under one name share one object, and the row lock
	 * cannot order their stores, which run outside any transaction: the bytes are the
	 * last stored, the row's fields the last attached.)
	 */
	private void removeReplaced(String folder, @Nullable String previousUrl, @Nullable String currentPath) {
		String previous = pathIn(folder, previousUrl);
		if (previous != null && !previous.equals(currentPath)) {
			removeQuietly(previous);
		}
	}

	/** The path of a stored file of the row's folder that the URL names, if it is one. */
	private @Nullable String pathIn(String folder, @Nullable String url) {
		String path = (url != null) ? this.links.pathOf(url) : null;
		return (path != null && path.startsWith(folder + "/")) ? path : null;
	}

	/**
	 * Removes a deleted row's files once its deletion is committed. A storage failure
	 * here is logged with the folder for a later clean-up; it never brings the row back.
	 */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void removeFolder(FilesOrphaned orphaned) {
		try {
			this.storage.deletePrefix(orphaned.folder());
		}
		catch (RuntimeException ex) {
			log.error("The files under {}/ belong to a deleted row but could not be removed", orphaned.folder(), ex);
			this.removalsFailed.increment();
		}
	}

	private void removeQuietly(String path) {
		try {
			this.storage.delete(path);
		}
		catch (RuntimeException ex) {
			log.error("Could not remove the file {}, which no row points to", path, ex);
			this.removalsFailed.increment();
		}
	}

	/**
	 * A row just changed to point at a new file, or at none.
	 *
	 * @param previousUrl the file it pointed at until then
	 * @param row the row as changed
	 */
	public record Attached<T>(@Nullable String previousUrl, T row) {
	}

}
