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

import com.talegenerator.tales.idempotency.IdempotentUploads;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.StorageException;

import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A row's files (a story's audio and thumbnail, a hero's portrait): stored first, then
 * the row pointed at them in a short transaction, so no transaction is held while a file
 * travels and the two never get out of step. Every file this leaves behind goes through
 * {@link FileRemovals}, recorded in the transaction of the change: the file an upload
 * stores is recorded before it travels and taken back when its row points at it (so an
 * upload that fails half-way, or whose row is deleted meanwhile, leaves no file); the
 * file a row pointed at before, under another name, is recorded in the transaction that
 * points the row at the new one; a deleted row's folder in the transaction that deletes
 * it. Concurrent uploads for one row take turns on its row lock (the callers lock it), so
 * each records exactly the file it replaced.
 */
@Component
public class MediaFiles {

	private final ObjectStorage storage;

	private final MediaLinks links;

	private final TransactionOperations transactions;

	private final IdempotentUploads idempotentUploads;

	private final FileRemovals removals;

	/** {@code tales_uploads_total} and {@code tales_upload_bytes_total} of each kind. */
	private final Map<String, UploadCounters> uploads;

	MediaFiles(ObjectStorage storage, MediaLinks links, TransactionOperations transactions, FileRemovals removals,
			IdempotentUploads idempotentUploads, MeterRegistry meters) {
		this.storage = storage;
		this.links = links;
		this.transactions = transactions;
		this.removals = removals;
		this.idempotentUploads = idempotentUploads;
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
	 * @param attach points the row, locked, at the URL, and says what it pointed at until
	 * then
	 * @throws UnsupportedFileException if the bytes are not the declared format's (415);
	 * nothing is stored
	 * @throws StorageException if the file could not be stored; the row is untouched
	 */
	public <T> T store(String folder, String name, MediaUpload upload, Function<URI, Attached<T>> attach) {
		String path = folder + "/" + name;
		// with an Idempotency-Key, the key's fingerprint is counted as the bytes stream
		// and the key is marked in the attach transaction: one commit for both
		IdempotentUploads.UploadFingerprint idempotent = this.idempotentUploads.current();
		long record = this.removals.uploading(path);
		URI url;
		try (InputStream content = (idempotent != null) ? idempotent.digesting(upload.openChecked())
				: upload.openChecked()) {
			url = this.storage.store(path, content, upload.size(), upload.format().contentType());
		}
		catch (IOException ex) {
			this.removals.storedNothing(record);
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "Could not read the upload of " + path, ex);
		}
		catch (UnsupportedFileException ex) {
			this.removals.storedNothing(record);
			throw ex;
		}
		catch (RuntimeException ex) {
			// storage may have kept the file all the same (a timeout after it had it
			// all): removed, unless it is the one the row points at
			this.removals.failed(record);
			throw ex;
		}
		Attached<T> attached;
		try {
			attached = Objects.requireNonNull(this.transactions.execute((status) -> {
				// the record first, the row second: the worker takes them in that order
				if (!this.removals.attached(record)) {
					throw new StorageException(StorageException.Kind.UNAVAILABLE, "The upload of " + path
							+ " took longer than its grace (tales.files.removals.upload-grace) and was removed");
				}
				Attached<T> changed = attach.apply(url);
				queueReplaced(folder, changed.previousUrl(), path);
				if (idempotent != null) {
					idempotent.attached();
				}
				return changed;
			}));
		}
		catch (RuntimeException ex) {
			// removed unless the row points at it: an upload under the name the row
			// already uses has replaced that file's bytes
			this.removals.failed(record);
			throw ex;
		}
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
	 * Runs {@code detach} in one transaction, which also records the file the row pointed
	 * at for removal.
	 * @param folder the row's folder: only a file in it is removed
	 */
	public <T> T remove(String folder, Supplier<Attached<T>> detach) {
		Attached<T> detached = Objects.requireNonNull(this.transactions.execute((status) -> {
			Attached<T> changed = detach.get();
			queueReplaced(folder, changed.previousUrl(), null);
			return changed;
		}));
		return detached.row();
	}

	/**
	 * Records the file the row pointed at before, unless it is the one it points at now.
	 * Only the change that replaced it sees it as its previous file, so its removal races
	 * with no other change; a later upload under its name takes the removal back.
	 * (Concurrent uploads under one name share one object, and the row lock cannot order
	 * their stores, which run outside any transaction: the bytes are the last stored, the
	 * row's fields the last attached.)
	 */
	private void queueReplaced(String folder, @Nullable String previousUrl, @Nullable String currentPath) {
		String previous = pathIn(folder, previousUrl);
		if (previous != null && !previous.equals(currentPath)) {
			this.removals.queueReplaced(previous);
		}
	}

	/** The path of a stored file of the row's folder that the URL names, if it is one. */
	private @Nullable String pathIn(String folder, @Nullable String url) {
		String path = (url != null) ? this.links.pathOf(url) : null;
		return (path != null && path.startsWith(folder + "/")) ? path : null;
	}

	/**
	 * A row that owned stored files is being deleted: its folder is recorded for removal
	 * in the deleting transaction (the publisher's; this listener runs in it), and
	 * removed once that commits, or later by the worker. It never brings the row back.
	 */
	@EventListener
	void queueFolder(FilesOrphaned orphaned) {
		this.removals.queueFolder(orphaned.folder());
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
