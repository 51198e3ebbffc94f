package com.talegenerator.tales.media;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.ObjectStorage;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue of files to remove from storage ({@code tales.file_removals}, V017): each is
 * written in the transaction of the change that leaves it behind, tried once that
 * transaction commits, and else by a worker every {@code poll-interval}, with a wait that
 * doubles after each failure up to {@code max-retry}, until storage confirms. The queue
 * is in the database, so it survives a restart; each removal is taken with
 * {@code FOR UPDATE SKIP LOCKED} in its own transaction, held while storage is asked, so
 * several instances never work on one removal at once.
 * <p>
 * Hand-written rather than Spring Modulith's event publication registry, which records a
 * listener's event in the publishing transaction: it has no retry with back-off (failed
 * publications wait for an explicit resubmission, spring-modulith#1439), its JDBC
 * registry in 2.1.1 ignores the minimum age of failed publications to resubmit (#1942)
 * and may claim completed ones again (#1935), and its table cannot say how many removals
 * are pending or let a new upload take back a removal of its path. This queue is one
 * table and a few statements.
 */
@Component
public class FileRemovals implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FileRemovals.class);

	/** Removals one poll works on at most; the next poll goes on with the rest. */
	private static final int BATCH = 500;

	/** At most this many removals of one change are tried before its response. */
	private static final int TRIED_IN_THE_REQUEST = 10;

	/** While removals are pending, the log line that says so comes at most this often. */
	private static final Duration LOG_EVERY = Duration.ofMinutes(5);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final ObjectStorage storage;

	private final MediaLinks links;

	private final List<FileKeepers> keepers;

	private final FileRemovalProperties properties;

	/** What {@code tales_files_removals_pending} shows: counted after each poll. */
	private final AtomicLong pending = new AtomicLong();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile @Nullable ScheduledFuture<?> polling;

	private long lastLogged;

	private @Nullable Instant lastLoggedAt;

	FileRemovals(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectStorage storage, MediaLinks links,
			List<FileKeepers> keepers, FileRemovalProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		// after a commit the finished transaction's connection may still be bound
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.storage = storage;
		this.links = links;
		this.keepers = keepers;
		this.properties = properties;
		Gauge.builder("tales.files.removals.pending", this.pending, AtomicLong::get)
			.description("Files (or deleted rows' folders) left in storage that the service has yet to remove")
			.register(meters);
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("file-removals-");
		this.scheduler.setWaitForTasksToCompleteOnShutdown(false);
	}

	/**
	 * Queues the removal of every file under a deleted row's folder, in the current
	 * transaction; tried as soon as it commits.
	 */
	public void queueFolder(String folder) {
		queue(folder, true, "deleted");
	}

	/**
	 * Queues the removal of a file no row points at any more, in the current transaction.
	 */
	void queueReplaced(String path) {
		queue(path, false, "replaced");
	}

	private void queue(String path, boolean folder, String reason) {
		Long id = this.jdbc.queryForObject(
				"INSERT INTO tales.file_removals (path, folder, reason) VALUES (?, ?, ?) RETURNING id", Long.class,
				path, folder, reason);
		tryAfterCommit(Objects.requireNonNull(id));
	}

	/**
	 * Records a file about to be stored, due after the upload grace: until its row points
	 * at it, it counts as one to remove. A removal already queued for the path is taken
	 * back (waiting for one under way to finish): the file stored next is not the one it
	 * was meant for.
	 * @return the record, for {@link #attached} or {@link #failed}
	 */
	long uploading(String path) {
		return Objects.requireNonNull(this.ownTransaction.execute((status) -> {
			// not another upload's record: that upload may still attach its file
			this.jdbc.update("DELETE FROM tales.file_removals WHERE path = ? AND NOT folder AND reason <> 'upload'",
					path);
			return this.jdbc.queryForObject("""
					INSERT INTO tales.file_removals (path, folder, reason, due_at)
					VALUES (?, false, 'upload', now() + make_interval(secs => ?)) RETURNING id""", Long.class, path,
					(double) this.properties.uploadGrace().toMillis() / 1000);
		}));
	}

	/**
	 * Takes the record of an upload back, in the transaction that points its row at the
	 * file. Call it before locking the row: the worker takes the record first too.
	 * @return whether it was still there: {@code false} when the upload outlasted its
	 * grace and the file was removed
	 */
	boolean attached(long upload) {
		return this.jdbc.update("DELETE FROM tales.file_removals WHERE id = ?", upload) == 1;
	}

	/**
	 * An upload whose file may be stored will not be attached: its file is removed now
	 * (unless its row points at it, an upload under the name the row uses), or later.
	 */
	void failed(long upload) {
		try {
			this.jdbc.update("UPDATE tales.file_removals SET due_at = now() WHERE id = ?", upload);
		}
		catch (RuntimeException ex) {
			// the database is down: the record is due after the upload grace anyway
			log.warn("The record of a failed upload could not be made due now: {}", ex.getMessage());
			return;
		}
		attempt(upload);
	}

	/** An upload that sent nothing to storage: no file to remove. */
	void storedNothing(long upload) {
		try {
			this.jdbc.update("DELETE FROM tales.file_removals WHERE id = ?", upload);
		}
		catch (RuntimeException ex) {
			log.warn("The record of an upload that stored nothing stays until its grace ends: {}", ex.getMessage());
		}
	}

	/**
	 * Tries the removals a transaction queued once it commits: in the committing thread
	 * when they are few (a delete's response comes once its files are gone, as a client
	 * expects), on the worker's thread when there are many (a family's erasure answers at
	 * once, and its folders go right after).
	 */
	private void tryAfterCommit(long id) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		@SuppressWarnings("unchecked")
		List<Long> queued = (List<Long>) TransactionSynchronizationManager.getResource(this);
		if (queued == null) {
			List<Long> ids = new ArrayList<>();
			TransactionSynchronizationManager.bindResource(this, ids);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(FileRemovals.this);
					if (status == STATUS_COMMITTED) {
						tryNow(ids);
					}
				}

			});
			queued = ids;
		}
		queued.add(id);
	}

	private void tryNow(List<Long> ids) {
		if (ids.size() <= TRIED_IN_THE_REQUEST || !isRunning()) {
			ids.forEach(this::attempt);
		}
		else {
			this.scheduler.execute(() -> ids.forEach(this::attempt));
		}
	}

	/** Tries one removal now, unless another instance is on it or it is not due. */
	void attempt(long id) {
		try {
			this.ownTransaction.executeWithoutResult((status) -> {
				List<Removal> due = this.jdbc.query("""
						SELECT id, path, folder, attempts FROM tales.file_removals
						 WHERE id = ? AND due_at <= now() FOR UPDATE SKIP LOCKED""", Removal.MAPPER, id);
				due.forEach(this::remove);
			});
		}
		catch (RuntimeException ex) {
			log.warn("A file removal could not be tried now; the worker tries it later: {}", ex.getMessage());
		}
	}

	/**
	 * Works on every removal that is due, one transaction each, then counts those still
	 * pending.
	 * @return how many were worked on (removed, or tried and put off)
	 */
	public int removeDue() {
		int worked = 0;
		while (worked < BATCH) {
			Boolean found = this.ownTransaction.execute((status) -> {
				List<Removal> due = this.jdbc.query("""
						SELECT id, path, folder, attempts FROM tales.file_removals
						 WHERE due_at <= now() ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED""", Removal.MAPPER);
				due.forEach(this::remove);
				return !due.isEmpty();
			});
			if (!Boolean.TRUE.equals(found)) {
				break;
			}
			worked++;
		}
		count();
		return worked;
	}

	/**
	 * Removes the file or folder, then the record; on failure, puts the next try off.
	 * Runs in the transaction that locked the record.
	 */
	private void remove(Removal removal) {
		try {
			if (removal.folder()) {
				this.storage.deletePrefix(removal.path());
			}
			else if (isLive(removal.path())) {
				log.debug("{} is not removed: its row points at it", removal.path());
			}
			else {
				this.storage.delete(removal.path());
			}
			this.jdbc.update("DELETE FROM tales.file_removals WHERE id = ?", removal.id());
		}
		catch (RuntimeException ex) {
			Duration wait = backOff(removal.attempts());
			log.info("Could not remove {}{} (try {}); trying again in {}: {}", removal.path(),
					removal.folder() ? "/" : "", removal.attempts() + 1, wait, ex.getMessage());
			this.jdbc.update(
					"""
							UPDATE tales.file_removals
							   SET attempts = attempts + 1, due_at = now() + make_interval(secs => ?), last_error = left(?, 1000)
							 WHERE id = ?""",
					(double) wait.toMillis() / 1000, String.valueOf(ex.getMessage()), removal.id());
		}
	}

	/** Whether the row of the file's folder points at it (the row locked meanwhile). */
	private boolean isLive(String path) {
		int slash = path.lastIndexOf('/');
		if (slash <= 0) {
			return false;
		}
		String folder = path.substring(0, slash);
		for (FileKeepers keeper : this.keepers) {
			for (String url : keeper.keptUrls(folder)) {
				if (path.equals(this.links.pathOf(url))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * {@code first-retry}, doubled after each further failure, at most {@code max-retry}.
	 */
	Duration backOff(int failuresBefore) {
		Duration wait = this.properties.firstRetry().multipliedBy(1L << Math.min(failuresBefore, 20));
		return (wait.compareTo(this.properties.maxRetry()) > 0) ? this.properties.maxRetry() : wait;
	}

	/**
	 * Counts the pending removals (an upload's record only once its grace is over), and
	 * says so in the log when there are any: when the number changes, else every few
	 * minutes.
	 */
	private void count() {
		Long now = this.jdbc.queryForObject(
				"SELECT count(*) FROM tales.file_removals WHERE reason <> 'upload' OR due_at <= now()", Long.class);
		long count = (now != null) ? now : 0;
		this.pending.set(count);
		Instant instant = Instant.now();
		if (count > 0 && (count != this.lastLogged || this.lastLoggedAt == null
				|| this.lastLoggedAt.plus(LOG_EVERY).isBefore(instant))) {
			log.warn("{} file removals pending (storage has not confirmed them yet; retried with back-off)", count);
			this.lastLoggedAt = instant;
		}
		else if (count == 0 && this.lastLogged > 0) {
			log.info("No file removals pending any more");
		}
		this.lastLogged = count;
	}

	/** The pending removals as last counted. */
	public long pending() {
		return this.pending.get();
	}

	private void poll() {
		try {
			removeDue();
		}
		catch (RuntimeException ex) {
			// the database is down: the queue waits in it
			log.warn("File removals could not be looked at: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.scheduler.initialize();
		this.polling = this.scheduler.scheduleWithFixedDelay(this::poll, this.properties.pollInterval());
	}

	@Override
	public void stop() {
		ScheduledFuture<?> polling = this.polling;
		if (polling != null) {
			polling.cancel(false);
		}
		this.scheduler.shutdown();
		this.polling = null;
	}

	@Override
	public boolean isRunning() {
		return this.polling != null;
	}

	private record Removal(long id, String path, boolean folder, int attempts) {

		static final org.springframework.jdbc.core.RowMapper<Removal> MAPPER = (rs, row) -> new Removal(rs.getLong(1),
				rs.getString(2), rs.getBoolean(3), rs.getInt(4));

	}

}
