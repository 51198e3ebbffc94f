package com.talegenerator.tales.database.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out the pool's connections in the order they were asked for. With a virtual
 * thread per request, a bedtime burst asks for far more connections than the pool has,
 * and HikariCP's hand-over lets a newcomer take a returned connection ahead of the
 * requests already waiting (and tries to add a connection for every waiter): on the
 * benchmark's GET by id, p99 was 115 ms. A fair semaphore with one permit per connection
 * in front of the pool, as the JDK's guidance for virtual threads has it (limit
 * concurrency with a semaphore), took p99 to 17 ms and throughput up by a third; being
 * taken only while a connection is held, not for a whole request, it leaves writing the
 * responses free (a page of stories 1.2x against a turn per request).
 * <p>
 * A caller that waits longer than the pool's connection timeout gets the
 * {@link SQLTransientConnectionException} the pool itself would throw (a 503 with
 * {@code Retry-After}); one {@link WaitTimer} times all the waits.
 */
final class FirstComeFirstServedDataSource extends DelegatingDataSource implements AutoCloseable {

	private final Semaphore turns;

	private final WaitTimer timer;

	/**
	 * @param pool the pool, closed with this data source
	 * @param connections how many connections the pool holds at most
	 * @param maxWait how long a caller waits for one
	 */
	FirstComeFirstServedDataSource(DataSource pool, int connections, Duration maxWait) {
		super(pool);
		this.turns = new Semaphore(connections, true);
		this.timer = new WaitTimer(maxWait);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return inTurn(() -> obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return inTurn(() -> obtainTargetDataSource().getConnection(username, password));
	}

	/**
	 * The pool's connection once it is the caller's turn, giving the turn back on close.
	 */
	private Connection inTurn(PoolCall pool) throws SQLException {
		awaitTurn();
		try {
			return new TurnConnection(pool.connection());
		}
		catch (SQLException | RuntimeException | Error ex) {
			this.turns.release();
			throw ex;
		}
	}

	@FunctionalInterface
	private interface PoolCall {

		Connection connection() throws SQLException;

	}

	/** Callers waiting for a connection: the {@code tales_db_pool_waiting} gauge. */
	int waiting() {
		return this.turns.getQueueLength();
	}

	private void awaitTurn() throws SQLException {
		try {
			// a zero timeout keeps the order (a plain tryAcquire() would barge) and never
			// parks
			if (this.turns.tryAcquire(0, TimeUnit.NANOSECONDS)) {
				return;
			}
			WaitTimer.Wait wait = this.timer.start();
			try {
				this.turns.acquire();
			}
			catch (InterruptedException ex) {
				if (wait.finish()) {
					throw ex;
				}
				throw new SQLTransientConnectionException("No database connection became free within "
						+ this.timer.maxWait().toMillis() + " ms (" + waiting() + " more waiting)");
			}
			// expired just as the turn came: the turn is taken all the same
			wait.finish();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a database connection", ex);
		}
	}

	/** A connection whose first {@code close()} also gives the turn back. */
	private final class TurnConnection extends DelegatingConnection {

		private final AtomicBoolean returned = new AtomicBoolean();

		TurnConnection(Connection target) {
			super(target);
		}

		@Override
		public void close() throws SQLException {
			try {
				this.target.close();
			}
			finally {
				if (this.returned.compareAndSet(false, true)) {
					FirstComeFirstServedDataSource.this.turns.release();
				}
			}
		}

		@Override
		public String toString() {
			return "Connection taken in turn: " + this.target;
		}

	}

	/** Closes the pool: the application context closes this bean, not the pool. */
	@Override
	public void close() throws Exception {
		this.timer.close();
		if (obtainTargetDataSource() instanceof AutoCloseable pool) {
			pool.close();
		}
	}

}
