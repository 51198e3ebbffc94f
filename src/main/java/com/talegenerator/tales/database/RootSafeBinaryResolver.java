package com.talegenerator.tales.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * PostgreSQL refuses to run as root, and root is who runs the build in containers and on
 * CI machines. When the service runs as root, this resolver hands zonky a copy of the
 * binaries in which {@code initdb} and {@code pg_ctl} are small scripts: they give the
 * data directory to the unprivileged user {@code nobody} and run the real program as that
 * user (util-linux {@code setpriv}). Anyone else gets the binaries untouched.
 */
class RootSafeBinaryResolver implements PgBinaryResolver {

	private static final Logger log = LoggerFactory.getLogger(RootSafeBinaryResolver.class);

	private static final Set<String> WRAPPED = Set.of("bin/initdb", "bin/pg_ctl");

	private static final String NOBODY = "65534";

	private static final String WRAPPER = """
			#!/bin/sh
			# Written by the tales service: PostgreSQL refuses to run as root, so as root the
			# real program runs as nobody, who is first given the data directory (-D).
			real="$0.real"
			if [ "$(id -u)" != "0" ]; then exec "$real" "$@"; fi
			data=""
			previous=""
			for argument in "$@"; do
			  if [ "$previous" = "-D" ]; then data="$argument"; fi
			  previous="$argument"
			done
			if [ -n "$data" ]; then chown -R %1$s:%1$s "$data"; fi
			exec setpriv --reuid=%1$s --regid=%1$s --clear-groups "$real" "$@"
			""".formatted(NOBODY);

	private final PgBinaryResolver delegate;

	RootSafeBinaryResolver(PgBinaryResolver delegate) {
		this.delegate = delegate;
	}

	@Override
	public InputStream getPgBinary(String system, String machineHardware) throws IOException {
		InputStream original = this.delegate.getPgBinary(system, machineHardware);
		if (original == null || !runsAsRoot()) {
			return original;
		}
		return Files.newInputStream(rootSafeCopy(original));
	}

	static boolean runsAsRoot() {
		Path self = Path.of("/proc/self");
		try {
			return Files.exists(self) && Integer.valueOf(0).equals(Files.getAttribute(self, "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/**
	 * Rewrites the archive once per binaries version and keeps it beside zonky's own
	 * cache.
	 */
	private static Path rootSafeCopy(InputStream original) throws IOException {
		Path cache = Path.of(System.getProperty("java.io.tmpdir"), "tales-embedded-pg");
		Files.createDirectories(cache);
		Path source = Files.createTempFile(cache, "original", ".txz");
		try {
			String digest;
			try (DigestInputStream in = new DigestInputStream(original, sha256())) {
				Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
				digest = HexFormat.of().formatHex(in.getMessageDigest().digest());
			}
			Path target = cache.resolve(digest + "-root-safe.txz");
			if (!Files.exists(target)) {
				log.info("Running as root: preparing PostgreSQL binaries that run as nobody");
				Path partial = Files.createTempFile(cache, "root-safe", ".part");
				try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(partial)) {
					rewrite(in, out);
				}
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			return target;
		}
		finally {
			Files.deleteIfExists(source);
		}
	}

	private static void rewrite(InputStream txz, OutputStream out) throws IOException {
		try (TarArchiveInputStream tarIn = new TarArchiveInputStream(new XZInputStream(txz));
				TarArchiveOutputStream tarOut = new TarArchiveOutputStream(
						new XZOutputStream(out, new LZMA2Options(0)))) {
			tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tarOut.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			TarArchiveEntry entry;
			while ((entry = tarIn.getNextEntry()) != null) {
				String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
				boolean wrapped = entry.isFile() && WRAPPED.contains(name);
				if (wrapped) {
					entry.setName(entry.getName() + ".real");
				}
				tarOut.putArchiveEntry(entry);
				if (entry.isFile()) {
					tarIn.transferTo(tarOut);
				}
				tarOut.closeArchiveEntry();
				if (wrapped) {
					byte[] script = WRAPPER.getBytes(StandardCharsets.UTF_8);
					TarArchiveEntry wrapper = new TarArchiveEntry(name);
					wrapper.setMode(0755);
					wrapper.setSize(script.length);
					tarOut.putArchiveEntry(wrapper);
					tarOut.write(script);
					tarOut.closeArchiveEntry();
				}
			}
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
