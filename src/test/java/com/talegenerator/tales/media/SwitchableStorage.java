package com.talegenerator.tales.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.SigningWindow;
import com.talegenerator.tales.storage.StorageException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's local storage, with outages a test switches on and off: removals that
 * fail as an unreachable storage's do, reads that break off half-way, and a store that
 * waits for the test before it writes. Every file really lives on disk, where the test
 * looks.
 */
public final class SwitchableStorage implements ObjectStorage {

	private final ObjectStorage local;

	/** Removals fail (storage unreachable). */
	public volatile boolean removalsDown;

	/** Every call fails (storage unreachable). */
	public volatile boolean down;

	/** Reads break off with an I/O error after this many bytes; negative: never. */
	public volatile long readsBreakAfter = -1;

	/**
	 * Set: the next store waits, once it has begun, until {@link #releaseStore} opens.
	 */
	public volatile @Nullable CountDownLatch holdStore;

	/** Opens once a held store has begun. */
	public volatile CountDownLatch storeBegun = new CountDownLatch(1);

	public volatile CountDownLatch releaseStore = new CountDownLatch(0);

	/** Removals that reached the disk, by path or folder. */
	public final Map<String, AtomicInteger> removals = new ConcurrentHashMap<>();

	SwitchableStorage(ObjectStorage local) {
		this.local = local;
	}

	/** Makes the next store wait for {@link #releaseStore}. */
	public void holdNextStore() {
		this.storeBegun = new CountDownLatch(1);
		this.releaseStore = new CountDownLatch(1);
		this.holdStore = this.releaseStore;
	}

	public void heal() {
		this.down = false;
		this.removalsDown = false;
		this.readsBreakAfter = -1;
		this.holdStore = null;
		this.releaseStore.countDown();
	}

	private void check(boolean removal) {
		if (this.down || (removal && this.removalsDown)) {
			throw new StorageException(StorageException.Kind.UNAVAILABLE, "storage switched off by the test");
		}
	}

	@Override
	public URI store(String path, InputStream content, long length, String contentType) {
		check(false);
		CountDownLatch hold = this.holdStore;
		if (hold != null) {
			this.holdStore = null;
			this.storeBegun.countDown();
			try {
				if (!hold.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the test never released the store");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return this.local.store(path, content, length, contentType);
	}

	@Override
	public @Nullable InputStream open(String path) {
		check(false);
		InputStream stream = this.local.open(path);
		long limit = this.readsBreakAfter;
		if (stream == null || limit < 0) {
			return stream;
		}
		return new FilterInputStream(stream) {

			private long read;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				if (this.read >= limit) {
					throw new IOException("storage went away half-way (switched off by the test)");
				}
				int n = super.read(buffer, offset, (int) Math.min(length, limit - this.read));
				if (n > 0) {
					this.read += n;
				}
				return n;
			}

		};
	}

	@Override
	public void delete(String path) {
		check(true);
		this.local.delete(path);
		this.removals.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public void deletePrefix(String prefix) {
		check(true);
		this.local.deletePrefix(prefix);
		this.removals.computeIfAbsent(prefix + "/", (key) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public URI publicUrl(String path) {
		return this.local.publicUrl(path);
	}

	@Override
	public Map<String, String> signedUrls(Collection<String> paths, SigningWindow window) {
		check(false);
		return this.local.signedUrls(paths, window);
	}

	/** Puts it in front of the service's local storage. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Installed {

		@Bean
		@Primary
		SwitchableStorage switchableStorage(@Qualifier("localObjectStorage") ObjectStorage local) {
			return new SwitchableStorage(local);
		}

	}

}
