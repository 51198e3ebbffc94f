package com.talegenerator.tales.database.pool;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the waits that last too long with one clock for all of them, instead of a timer
 * per wait. A virtual thread that parks with a timeout schedules a task on the JDK's
 * delay scheduler and cancels it when woken: in the benchmark's profile of a burst of GET
 * by id, where most requests wait for a connection, that was a tenth of the service's
 * CPU.
 * <p>
 * Every wait lasts at most the same time, so waits expire in the order they started and
 * the clock only ever looks at the oldest. It ticks a twentieth of the longest wait (from
 * 1 to 100 ms), so a wait ends within a tick after its deadline, never before. An expired
 * wait's thread is interrupted; {@link Wait#finish()} tells that interrupt from any
 * other. The clock's thread starts with the first wait and stops on {@link #close()}.
 */
final class WaitTimer implements AutoCloseable {

	private final long maxWaitNanos;

	private final long tickNanos;

	private final Queue<Wait> waits = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean closed;

	WaitTimer(Duration maxWait) {
		this.maxWaitNanos = maxWait.toNanos();
		this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
				Math.min(this.maxWaitNanos / 20, TimeUnit.MILLISECONDS.toNanos(100)));
	}

	Duration maxWait() {
		return Duration.ofNanos(this.maxWaitNanos);
	}

	/** The calling thread starts to wait, at most {@link #maxWait()}. */
	Wait start() {
		Wait wait = new Wait(Thread.currentThread(), System.nanoTime() + this.maxWaitNanos);
		this.waits.add(wait);
		if (!this.started.get() && this.started.compareAndSet(false, true)) {
			Thread clock = new Thread(this::tick, "tales-connection-wait-timer");
			clock.setDaemon(true);
			clock.start();
		}
		return wait;
	}

	private void tick() {
		while (!this.closed) {
			LockSupport.parkNanos(this.tickNanos);
			expireDue(System.nanoTime());
		}
	}

	/** Drops the finished waits at the head of the queue and expires those due by now. */
	private void expireDue(long now) {
		// the only consumer: poll() removes what peek() saw
		for (Wait wait = this.waits.peek(); wait != null; wait = this.waits.peek()) {
			if (!wait.isFinished() && now - wait.deadline < 0) {
				return;
			}
			wait.expire();
			this.waits.poll();
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

	/** One thread's wait. */
	static final class Wait {

		private static final int WAITING = 0;

		private static final int FINISHED = 1;

		private static final int EXPIRING = 2;

		private static final int EXPIRED = 3;

		private final Thread thread;

		private final long deadline;

		private final AtomicInteger state = new AtomicInteger(WAITING);

		private Wait(Thread thread, long deadline) {
			this.thread = thread;
			this.deadline = deadline;
		}

		/**
		 * The waiting thread stops waiting, for whatever reason (it got what it waited
		 * for, or was interrupted). Returns {@code false} when the wait had expired: the
		 * clock's interrupt has then been delivered and is cleared here, so it cannot
		 * reach the thread's next blocking call.
		 */
		boolean finish() {
			if (this.state.compareAndSet(WAITING, FINISHED)) {
				return true;
			}
			while (this.state.get() != EXPIRED) {
				Thread.onSpinWait();
			}
			Thread.interrupted();
			return false;
		}

		private boolean isFinished() {
			return this.state.get() == FINISHED;
		}

		private void expire() {
			if (this.state.compareAndSet(WAITING, EXPIRING)) {
				this.thread.interrupt();
				this.state.set(EXPIRED);
			}
		}

	}

}
