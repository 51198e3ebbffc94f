package com.talegenerator.tales.database.pool;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.ConnectionProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connections go to the callers in the order they asked, each turn is given back exactly
 * once, and a caller whose turn does not come in time gets the pool's own kind of
 * failure. The pool here is a stand-in that hands out dummy connections: what is tested
 * is the order, not the database.
 */
class FirstComeFirstServedDataSourceTests {

	private final StandInPool pool = new StandInPool();

	@Test
	void handsOutConnectionsInTheOrderTheyWereAskedFor() throws Exception {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofSeconds(10));
		List<String> served = new CopyOnWriteArrayList<>();
		Connection held = dataSource.getConnection();
		List<Thread> callers = new ArrayList<>();
		for (String name : List.of("first", "second", "third", "fourth")) {
			int before = dataSource.waiting();
			Thread caller = new Thread(() -> {
				try (Connection connection = dataSource.getConnection()) {
					served.add(name);
				}
				catch (SQLException ex) {
					served.add(name + " failed: " + ex.getMessage());
				}
			});
			caller.start();
			callers.add(caller);
			awaitWaiting(dataSource, before + 1);
		}

		held.close();
		for (Thread caller : callers) {
			caller.join(10_000);
			assertThat(caller.isAlive()).isFalse();
		}

		assertThat(served).containsExactly("first", "second", "third", "fourth");
	}

	@Test
	void letsNoNewcomerTakeAReturnedConnectionAheadOfThoseWaiting() throws Exception {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofSeconds(10));
		List<String> served = new CopyOnWriteArrayList<>();
		Connection held = dataSource.getConnection();
		Thread waiting = new Thread(() -> {
			try (Connection connection = dataSource.getConnection()) {
				served.add("waiting");
			}
			catch (SQLException ex) {
				served.add("waiting failed: " + ex.getMessage());
			}
		});
		waiting.start();
		awaitWaiting(dataSource, 1);

		held.close();
		// asks at the very moment the connection is back, before the waiting caller runs
		try (Connection newcomer = dataSource.getConnection()) {
			served.add("newcomer");
		}
		waiting.join(10_000);

		assertThat(served).containsExactly("waiting", "newcomer");
	}

	@Test
	void failsLikeThePoolWhenNoConnectionBecomesFreeInTime() throws SQLException {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofMillis(200));
		try (Connection held = dataSource.getConnection()) {
			Instant asked = Instant.now();
			assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
			assertThat(Thread.currentThread().isInterrupted()).as("interrupted after the timeout").isFalse();
		}
		dataSource.getConnection().close();
	}

	@Test
	void leavesNoInterruptBehindWhenAWaitTimesOut() throws Exception {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofMillis(100));
		try (Connection held = dataSource.getConnection()) {
			List<String> outcomes = new CopyOnWriteArrayList<>();
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Thread caller = new Thread(() -> {
					Instant asked = Instant.now();
					try {
						dataSource.getConnection().close();
						outcomes.add("served");
					}
					catch (SQLTransientConnectionException ex) {
						boolean waitedLongEnough = !Duration.between(asked, Instant.now())
							.minusMillis(100)
							.isNegative();
						outcomes.add(Thread.currentThread().isInterrupted() ? "timed out, interrupted"
								: waitedLongEnough ? "timed out" : "timed out early");
					}
					catch (SQLException ex) {
						outcomes.add("failed: " + ex.getMessage());
					}
				});
				caller.start();
				callers.add(caller);
			}
			for (Thread caller : callers) {
				caller.join(10_000);
			}
			assertThat(outcomes).hasSize(20).containsOnly("timed out");
		}
		assertThat(dataSource.waiting()).isZero();
		dataSource.getConnection().close();
	}

	@Test
	void reportsAnInterruptAsAnInterruptNotAsATimeout() throws Exception {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofSeconds(10));
		List<String> outcomes = new CopyOnWriteArrayList<>();
		try (Connection held = dataSource.getConnection()) {
			Thread caller = new Thread(() -> {
				try {
					dataSource.getConnection().close();
					outcomes.add("served");
				}
				catch (SQLException ex) {
					outcomes
						.add(ex.getMessage() + (Thread.currentThread().isInterrupted() ? " (still interrupted)" : ""));
				}
			});
			caller.start();
			awaitWaiting(dataSource, 1);

			caller.interrupt();
			caller.join(10_000);
		}
		assertThat(outcomes).containsExactly("Interrupted while waiting for a database connection (still interrupted)");
		dataSource.getConnection().close();
	}

	@Test
	void givesEachTurnBackOnceHoweverOftenAConnectionIsClosed() throws SQLException {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofMillis(100));
		Connection connection = dataSource.getConnection();
		connection.close();
		connection.close();

		Connection next = dataSource.getConnection();

		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
		next.close();
		assertThat(this.pool.closed).hasSize(3);
	}

	@Test
	void givesTheTurnBackWhenThePoolFails() throws SQLException {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofMillis(100));
		this.pool.failing.set(true);
		assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
			.withMessage("the database is down");

		this.pool.failing.set(false);

		try (Connection connection = dataSource.getConnection()) {
			assertThat(((ConnectionProxy) connection).getTargetConnection()).isSameAs(this.pool.handedOut.get(0));
			assertThat(connection).isEqualTo(connection).isNotEqualTo(this.pool.handedOut.get(0));
		}
	}

	@Test
	void closesThePoolWithIt() throws Exception {
		FirstComeFirstServedDataSource dataSource = new FirstComeFirstServedDataSource(this.pool, 1,
				Duration.ofMillis(100));

		dataSource.close();

		assertThat(this.pool.poolClosed).isTrue();
	}

	private static void awaitWaiting(FirstComeFirstServedDataSource dataSource, int waiting)
			throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (dataSource.waiting() < waiting) {
			assertThat(Instant.now()).as("callers waiting").isBefore(deadline);
			TimeUnit.MILLISECONDS.sleep(5);
		}
	}

	/** Hands out a new dummy connection per call, and records what is closed. */
	private static final class StandInPool extends AbstractDataSource implements AutoCloseable {

		private final List<Connection> handedOut = new CopyOnWriteArrayList<>();

		private final List<Connection> closed = new CopyOnWriteArrayList<>();

		private final AtomicBoolean failing = new AtomicBoolean();

		private volatile boolean poolClosed;

		@Override
		public Connection getConnection() throws SQLException {
			if (this.failing.get()) {
				throw new SQLException("the database is down");
			}
			Connection[] self = new Connection[1];
			self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						if ("close".equals(method.getName())) {
							this.closed.add(self[0]);
						}
						return switch (method.getName()) {
							case "equals" -> proxy == arguments[0];
							case "hashCode" -> System.identityHashCode(proxy);
							default -> null;
						};
					});
			this.handedOut.add(self[0]);
			return self[0];
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public void close() {
			this.poolClosed = true;
		}

	}

}
