package com.talegenerator.tales.family;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.talegenerator.tales.auth.Caller;
import com.talegenerator.tales.child.ChildFamily;
import com.talegenerator.tales.hero.HeroFamily;
import com.talegenerator.tales.idempotency.IdempotencyFamily;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.story.StoryFamily;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;

/**
 * A family's export and erasure. The export reads the three tables in one read-only
 * REPEATABLE READ transaction (one snapshot: a story written meanwhile is in none or all
 * of them), then streams the zip: the three JSON files, then every stored file, copied
 * from storage through a small buffer, so a family with gigabytes of audio exports in the
 * service's usual memory. The erasure deletes every row of the family in one transaction,
 * which also records their folders for removal.
 */
@Service
class FamilyService {

	private static final Logger log = LoggerFactory.getLogger(FamilyService.class);

	/** Where the stored files are in the zip: {@code files/{object path}}. */
	static final String FILES = "files/";

	private final ChildFamily children;

	private final HeroFamily heroes;

	private final StoryFamily stories;

	private final IdempotencyFamily idempotencyKeys;

	private final ObjectStorage storage;

	private final JsonMapper json;

	private final TransactionTemplate snapshot;

	private final TransactionTemplate erasure;

	FamilyService(ChildFamily children, HeroFamily heroes, StoryFamily stories, IdempotencyFamily idempotencyKeys,
			ObjectStorage storage, JsonMapper json, PlatformTransactionManager transactions) {
		this.children = children;
		this.heroes = heroes;
		this.stories = stories;
		this.idempotencyKeys = idempotencyKeys;
		this.storage = storage;
		this.json = json;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
		this.erasure = new TransactionTemplate(transactions);
	}

	/** The family's rows, all read from one snapshot of the database. */
	FamilySnapshot snapshot(UUID owner) {
		return Objects.requireNonNull(this.snapshot.execute((status) -> new FamilySnapshot(owner,
				this.children.export(owner), this.heroes.export(owner), this.stories.export(owner))));
	}

	/**
	 * Writes the family's zip to {@code out}. The central directory, which makes a zip
	 * whole, is written only after the last file: a failure half-way leaves the zip
	 * without it, never one that looks complete.
	 * @throws IOException if a stored file could not be read to its end, or the client
	 * went away
	 * @throws com.talegenerator.tales.storage.StorageException if storage could not be
	 * reached
	 */
	void writeZip(FamilySnapshot family, OutputStream out) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(out);
		writeJson(zip, "children.json", family.children());
		writeJson(zip, "heroes.json", family.heroes().rows());
		writeJson(zip, "stories.json", family.stories().rows());
		// audio and images are compressed already: stored as they are, at no CPU cost
		zip.setLevel(Deflater.NO_COMPRESSION);
		for (String path : family.files()) {
			try (InputStream file = this.storage.open(path)) {
				if (file == null) {
					// the row points at a file that is gone: its URL is in the JSON
					log.warn("Export of a family: the stored file {} is missing; left out", path);
					continue;
				}
				zip.putNextEntry(new ZipEntry(FILES + path));
				file.transferTo(zip);
				zip.closeEntry();
			}
		}
		zip.finish();
		out.flush();
	}

	private void writeJson(ZipOutputStream zip, String name, List<?> rows) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		// the mapper would close the zip with the array
		this.json.writeValue(StreamUtils.nonClosing(zip), rows);
		zip.closeEntry();
	}

	/**
	 * Deletes every row of the family in one transaction (stories first, then the heroes
	 * it owns, then children; the shared catalogue belongs to no one and stays) and
	 * records their files for removal in it. Nothing of the family left is no error.
	 */
	Erased erase(UUID owner, Caller by) {
		Erased erased = Objects.requireNonNull(this.erasure.execute((status) -> {
			int stories = this.stories.erase(owner);
			int heroes = this.heroes.erase(owner);
			int children = this.children.erase(owner);
			// every other table with rows of the family is emptied here too, in this
			// transaction
			this.idempotencyKeys.erase(owner);
			return new Erased(stories, heroes, children);
		}));
		// ids only: who asked, whose family, when, and how much
		log.info("Family erased: user {} by {} at {} ({} stories, {} heroes, {} children; files queued for removal)",
				owner, by.backOffice() ? "the back-office" : "the user themself", Instant.now(), erased.stories(),
				erased.heroes(), erased.children());
		return erased;
	}

	/** How many rows of each kind an erasure deleted. */
	record Erased(int stories, int heroes, int children) {
	}

}
