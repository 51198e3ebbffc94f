package com.talegenerator.tales.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalObjectStorageTests {

	@TempDir
	Path directory;

	private LocalObjectStorage storage() {
		return new LocalObjectStorage(this.directory, "tales", () -> "http://localhost:8080", new SignedUrlToken(
				"a local key of thirty-two bytes!".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

	@Test
	void storesUnderTheBucketAndGivesTheSupabaseShapedUrl() throws IOException {
		var url = storage().store("stories/abc/story.mp3", stream("audio"), 5, "audio/mpeg");

		assertThat(url.toString())
			.matches("http://localhost:8080/storage/v1/object/public/tales/stories/abc/story\\.mp3\\?v=[0-9a-z]+");
		assertThat(Files.readString(this.directory.resolve("tales/stories/abc/story.mp3"))).isEqualTo("audio");
		LocalObjectStorage.StoredFile found = storage().find("tales", "stories/abc/story.mp3").orElseThrow();
		assertThat(found.contentType()).isEqualTo("audio/mpeg");
		assertThat(found.size()).isEqualTo(5);
	}

	@Test
	void givesEveryStoreOfAPathANewUrl() {
		LocalObjectStorage storage = storage();
		java.util.Set<java.net.URI> urls = new java.util.HashSet<>();

		// many within one millisecond
		for (int i = 0; i < 50; i++) {
			java.net.URI url = storage.store("stories/abc/story.mp3", stream("audio"), 5, "audio/mpeg");
			assertThat(url.getPath()).isEqualTo("/storage/v1/object/public/tales/stories/abc/story.mp3");
			urls.add(url);
		}

		assertThat(urls).hasSize(50);
		assertThat(storage.publicUrl("stories/abc/story.mp3").getQuery()).isNull();
	}

	@Test
	void keepsThePreviousFileWhenAnUploadEndsEarly() throws IOException {
		LocalObjectStorage storage = storage();
		storage.store("stories/abc/story.mp3", stream("first"), 5, "audio/mpeg");

		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> storage.store("stories/abc/story.mp3", stream("sec"), 6, "audio/mpeg"))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StorageException.Kind.CONTENT_UNREADABLE));

		assertThat(Files.readString(this.directory.resolve("tales/stories/abc/story.mp3"))).isEqualTo("first");
		try (Stream<Path> files = Files.list(this.directory.resolve("tales/stories/abc"))) {
			assertThat(files).extracting((file) -> file.getFileName().toString()).containsExactly("story.mp3");
		}
	}

	@Test
	void keepsThePreviousFileWhenTheUploadCannotBeRead() throws IOException {
		LocalObjectStorage storage = storage();
		storage.store("a/b.mp3", stream("first"), 5, "audio/mpeg");
		InputStream broken = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("client went away");
			}

		};

		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> storage.store("a/b.mp3", broken, 5, "audio/mpeg"));

		assertThat(Files.readString(this.directory.resolve("tales/a/b.mp3"))).isEqualTo("first");
	}

	@Test
	void refusesPathsThatLeaveTheBucket() {
		LocalObjectStorage storage = storage();

		for (String path : new String[] { "../x.mp3", "a/../../x.mp3", "/etc/x.mp3", "a//b.mp3", ".hidden", "a/", "",
				"a\\..\\x.mp3" }) {
			assertThatExceptionOfType(StorageException.class).as(path)
				.isThrownBy(() -> storage.store(path, stream("x"), 1, "audio/mpeg"));
			assertThat(storage.find("tales", path)).as(path).isEmpty();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void findsNothingInAnotherBucketOrForMetadataFiles() {
		LocalObjectStorage storage = storage();
		storage.store("a/b.mp3", stream("x"), 1, "audio/mpeg");

		assertThat(storage.find("other", "a/b.mp3")).isEmpty();
		assertThat(storage.find("tales", "a")).isEmpty();
		assertThat(storage.find("tales", ".metadata/tales/a/b.mp3")).isEmpty();
	}

	@Test
	void deletesAFileAndAWholeFolder() {
		LocalObjectStorage storage = storage();
		storage.store("stories/1/a.mp3", stream("a"), 1, "audio/mpeg");
		storage.store("stories/1/b.mp3", stream("b"), 1, "audio/mpeg");
		storage.store("stories/2/c.mp3", stream("c"), 1, "audio/mpeg");

		storage.delete("stories/1/a.mp3");
		storage.delete("stories/1/missing.mp3");
		assertThat(storage.find("tales", "stories/1/a.mp3")).isEmpty();
		assertThat(storage.find("tales", "stories/1/b.mp3")).isPresent();

		storage.deletePrefix("stories/1");
		storage.deletePrefix("stories/9");
		assertThat(Files.exists(this.directory.resolve("tales/stories/1"))).isFalse();
		assertThat(Files.exists(this.directory.resolve(".metadata/tales/stories/1"))).isFalse();
		assertThat(storage.find("tales", "stories/2/c.mp3")).isPresent();
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
