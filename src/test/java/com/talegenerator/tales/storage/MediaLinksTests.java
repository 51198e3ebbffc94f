package com.talegenerator.tales.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriComponentsBuilder;

import com.talegenerator.tales.storage.StorageProperties.MediaAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Kept URLs to the links responses show, with local storage signing for real; a recording
 * storage in front of it counts the signing calls and fails them when told to.
 */
class MediaLinksTests {

	private static final Duration TTL = Duration.ofHours(1);

	private static final Instant NOW = Instant.parse("2026-12-01T20:20:00Z");

	private static final String LOCAL = "http://localhost:8080/storage/v1/object/public/tales/";

	private static final String SUPABASE = "https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/";

	private static final String STORY = "stories/8f14e45f-ceea-467a-9b8c-4f3a2b1c0d9e/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RecordingStorage storage = new RecordingStorage();

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			textBlock = """
					http://localhost:8080/storage/v1/object/public/tales/stories/abc/story.mp3?v=mk2x9 | stories/abc/story.mp3 | mk2x9
					https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/8f14/x.mp3?v=abc | stories/8f14/x.mp3 | abc
					https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/8f14/x.mp3 | stories/8f14/x.mp3 | null
					https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/8f14/x.mp3?download=1&v=7 | stories/8f14/x.mp3 | 7
					https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/8f14/x.mp3?v= | stories/8f14/x.mp3 | null
					http://localhost:8080/storage/v1/object/public/tales/stories/abc/my%20story%20(1).mp3?v=1 | stories/abc/my story (1).mp3 | 1
					http://localhost:8080/storage/v1/object/public/tales/stories/abc/a+b%2Bc.mp3 | stories/abc/a+b+c.mp3 | null
					http://localhost:8080/storage/v1/object/public/tales/heroes/7/portrait.png?v=z | heroes/7/portrait.png | z
					http://localhost:8080/storage/v1/object/public/tales/stories/a.b/.x/.../y..mp3?vv=1&v=&v=2&v=3 | stories/a.b/.x/.../y..mp3 | 2
					""")
	void findsTheObjectAKeptUrlNames(String kept, String path, @Nullable String version) {
		MediaLinks.StoredObject object = links(MediaAccess.SIGNED).parse(kept);

		assertThat(object).isEqualTo(new MediaLinks.StoredObject(path, version));
		assertThat(links(MediaAccess.SIGNED).pathOf(kept)).isEqualTo(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080/storage/v1/object/public/other/stories/abc/story.mp3",
			"http://localhost:8080/storage/v1/object/public/talesX/stories/abc/story.mp3",
			"https://cdn.example.com/audio/story.mp3?v=1", "http://localhost:8080/storage/v1/object/public/tales",
			"http://localhost:8080/storage/v1/object/sign/tales/stories/abc/story.mp3?token=abc",
			"http://localhost:8080/storage/v1/object/public/tales/stories/../../secrets.mp3",
			"http://localhost:8080/storage/v1/object/public/tales/stories/%2E%2E/x.mp3",
			"http://localhost:8080/storage/v1/object/public/tales/stories/./x.mp3",
			"http://localhost:8080/storage/v1/object/public/tales/stories//x.mp3",
			"http://localhost:8080/storage/v1/object/public/tales/stories/abc/",
			"http://localhost:8080/storage/v1/object/public/tales/stories/abc/..",
			"http://localhost:8080/storage/v1/object/public/tales/./x.mp3",
			"http://localhost:8080/storage/v1/object/public/tales/stories/abc/%zz.mp3",
			"http://localhost:8080/x?next=/object/public/tales/stories/abc/story.mp3", "story.mp3" })
	void showsAUrlThatNamesNoObjectOfTheBucketAsItIs(String kept) {
		MediaLinks links = links(MediaAccess.SIGNED);

		MediaLinks.Links shown = links.of(kept);

		assertThat(links.parse(kept)).isNull();
		assertThat(links.pathOf(kept)).isNull();
		assertThat(shown.link(kept)).isEqualTo(kept);
		assertThat(shown.variant()).isNull();
		assertThat(this.storage.calls).isEmpty();
	}

	@Test
	void redirectsToAUrlOfAnotherShapeAsItIs() {
		String cdn = "https://cdn.example.com/audio/story.mp3?v=1";
		String otherBucket = "http://localhost:8080/storage/v1/object/public/other/stories/abc/story.mp3";

		assertThat(links(MediaAccess.SIGNED).redirect(cdn)).hasToString(cdn);
		assertThat(links(MediaAccess.SIGNED).redirect(otherBucket)).hasToString(otherBucket);
		assertThat(this.storage.calls).isEmpty();
	}

	@Test
	void redirectsToAKeptUrlWithUnescapedCharactersEscaped() {
		// a row written by hand or by an older client: the key as it is
		String legacy = "https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/abc/"
				+ "my story (1).mp3?v=1";

		assertThat(links(MediaAccess.PUBLIC).redirect(legacy)).hasToString(
				"https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/abc/my%20story%20(1).mp3?v=1");
		assertThat(links(MediaAccess.SIGNED).redirect(legacy).getRawPath())
			.isEqualTo("/storage/v1/object/sign/tales/stories/abc/my%20story%20(1).mp3");
		assertThatExceptionOfType(StoredFileNotFoundException.class)
			.isThrownBy(() -> links(MediaAccess.PUBLIC).redirect("not a url"));
	}

	@Test
	void showsTheKeptUrlsAsTheyAreInPublicMode() {
		String audio = LOCAL + STORY + "story.mp3?v=mk2x9";
		String legacy = SUPABASE + STORY + "x.mp3?v=abc";
		MediaLinks links = links(MediaAccess.PUBLIC);

		MediaLinks.Links shown = links.of(audio, legacy, null);

		assertThat(shown.link(audio)).isEqualTo(audio);
		assertThat(shown.link(legacy)).isEqualTo(legacy);
		assertThat(shown.link(null)).isNull();
		assertThat(shown.variant()).isNull();
		assertThat(links.redirect(legacy)).hasToString(legacy);
		assertThat(this.storage.calls).isEmpty();
	}

	@Test
	void showsASignedUrlOfTheSameObjectWithItsVersionInSignedMode() {
		String audio = LOCAL + STORY + "story.mp3?v=mk2x9";
		String legacy = SUPABASE + STORY + "my%20story%20(1).mp3";

		MediaLinks.Links shown = links(MediaAccess.SIGNED).of(audio, legacy);

		SigningWindow window = SigningWindow.at(NOW, TTL);
		URI signedAudio = URI.create(shown.link(audio));
		assertThat(signedAudio.getScheme() + "://" + signedAudio.getRawAuthority() + signedAudio.getRawPath())
			.isEqualTo("http://localhost:8080/storage/v1/object/sign/tales/" + STORY + "story.mp3");
		assertThat(signedAudio.getRawQuery()).matches("token=[A-Za-z0-9_.-]+&v=mk2x9");
		assertThat(verify(signedAudio, STORY + "story.mp3", NOW)).isEqualTo(SignedUrlToken.Verdict.VALID);
		assertThat(verify(signedAudio, STORY + "story.mp3", window.expiresAt()))
			.isEqualTo(SignedUrlToken.Verdict.EXPIRED);
		// no version kept, none shown; the path is encoded as before
		URI signedLegacy = URI.create(shown.link(legacy));
		assertThat(signedLegacy.getRawPath()).endsWith("/object/sign/tales/" + STORY + "my%20story%20(1).mp3");
		assertThat(signedLegacy.getRawQuery()).matches("token=[A-Za-z0-9_.-]+");
		assertThat(verify(signedLegacy, STORY + "my story (1).mp3", NOW)).isEqualTo(SignedUrlToken.Verdict.VALID);
		assertThat(shown.variant()).isEqualTo(window.name());
	}

	@Test
	void signsTheUrlsOfOneResponseInOneCallOncePerObject() {
		String audio = LOCAL + STORY + "story.mp3?v=1";
		String sameObjectOtherHost = SUPABASE + STORY + "story.mp3?v=1";
		String thumbnail = LOCAL + STORY + "thumbnail.png?v=2";
		String foreign = "https://cdn.example.com/x.mp3";

		MediaLinks.Links shown = links(MediaAccess.SIGNED)
			.of(Arrays.asList(audio, null, thumbnail, audio, foreign, sameObjectOtherHost, null));

		assertThat(this.storage.calls).singleElement()
			.satisfies((paths) -> assertThat(paths).containsExactlyInAnyOrder(STORY + "story.mp3",
					STORY + "thumbnail.png"));
		assertThat(this.storage.windows).containsExactly(SigningWindow.at(NOW, TTL));
		assertThat(shown.link(audio)).contains("/object/sign/tales/" + STORY + "story.mp3?token=");
		assertThat(shown.link(sameObjectOtherHost)).isEqualTo(shown.link(audio));
		assertThat(shown.link(thumbnail)).contains("/object/sign/tales/" + STORY + "thumbnail.png?token=");
		assertThat(shown.link(foreign)).isEqualTo(foreign);
	}

	@Test
	void showsNullForEveryStoredFileWhenStorageCannotSign() {
		this.storage.failure = new StorageException(StorageException.Kind.UNAVAILABLE, "sign 2 URLs: timeout");
		String audio = LOCAL + STORY + "story.mp3?v=1";
		String thumbnail = LOCAL + STORY + "thumbnail.png?v=2";
		String foreign = "https://cdn.example.com/x.mp3";
		MediaLinks links = links(MediaAccess.SIGNED);

		MediaLinks.Links shown = links.of(audio, thumbnail, foreign, null);

		assertThat(shown.link(audio)).isNull();
		assertThat(shown.link(thumbnail)).isNull();
		assertThat(shown.link(foreign)).isEqualTo(foreign);
		assertThat(shown.link(null)).isNull();
		// not the variant of the response that shows the URLs: a client holding this one
		// gets them once storage is back, not a 304
		assertThat(shown.variant()).isEqualTo(SigningWindow.at(NOW, TTL).name() + ".unsigned");
		// a redirect has nowhere to send the client: 503
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> links.redirect(audio))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE));
		this.storage.failure = null;
		assertThat(links.of(audio, thumbnail).variant()).isEqualTo(SigningWindow.at(NOW, TTL).name());
	}

	@Test
	void showsNullForAnObjectStorageDoesNotSign() {
		this.storage.leftOut = STORY + "gone.mp3";
		String gone = LOCAL + STORY + "gone.mp3?v=1";
		String audio = LOCAL + STORY + "story.mp3?v=1";

		MediaLinks links = links(MediaAccess.SIGNED);
		MediaLinks.Links shown = links.of(gone, audio);

		assertThat(shown.link(gone)).isNull();
		assertThat(shown.link(audio)).contains("?token=");
		assertThat(shown.variant()).isEqualTo(SigningWindow.at(NOW, TTL).name());
		// it is not there, and waiting will not bring it back: 404, not 503
		assertThatExceptionOfType(StoredFileNotFoundException.class).isThrownBy(() -> links.redirect(gone))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(404));
	}

	@Test
	void rewritesTheMediaFieldsOfSparseItems() {
		String audio = LOCAL + STORY + "story.mp3?v=1";
		Map<String, @Nullable Object> withAudio = new HashMap<>(Map.of("title", "Cloud", "audioFileUrl", audio));
		Map<String, @Nullable Object> without = new HashMap<>(Map.of("title", "Quiet"));
		without.put("audioFileUrl", null);
		List<Map<String, @Nullable Object>> items = List.of(withAudio, without);
		MediaLinks.Links shown = links(MediaAccess.SIGNED).of(audio);

		shown.rewrite(items, "audioFileUrl", "thumbnailUrl");

		assertThat(withAudio).containsEntry("title", "Cloud")
			.containsEntry("audioFileUrl", shown.link(audio))
			.doesNotContainKey("thumbnailUrl");
		assertThat((String) withAudio.get("audioFileUrl")).contains("/object/sign/");
		assertThat(without).containsEntry("audioFileUrl", null).containsEntry("title", "Quiet");
	}

	@Test
	void givesTheSameLinksThroughAWindowAndNewOnesInTheNext() {
		String audio = LOCAL + STORY + "story.mp3?v=1";
		MutableClock clock = new MutableClock(NOW);
		MediaLinks links = new MediaLinks(this.storage, "tales",
				new StorageProperties.Media(MediaAccess.SIGNED, TTL, null), clock);

		String first = links.of(audio).link(audio);
		clock.now = SigningWindow.at(NOW, TTL).endsAt().minusMillis(1);
		String later = links.of(audio).link(audio);
		clock.now = SigningWindow.at(NOW, TTL).endsAt();
		MediaLinks.Links next = links.of(audio);

		assertThat(later).isEqualTo(first);
		assertThat(next.link(audio)).isNotEqualTo(first);
		assertThat(next.variant()).isEqualTo(SigningWindow.at(clock.now, TTL).name())
			.isNotEqualTo(SigningWindow.at(NOW, TTL).name());
	}

	private MediaLinks links(MediaAccess access) {
		return new MediaLinks(this.storage, "tales", new StorageProperties.Media(access, TTL, null),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private SignedUrlToken.Verdict verify(URI signedUrl, String path, Instant at) {
		String token = UriComponentsBuilder.fromUri(signedUrl).build().getQueryParams().getFirst("token");
		return this.storage.local.verify(token, "tales", path, at, JSON);
	}

	/**
	 * Local storage's real signing, recorded; fails every call when {@link #failure} is
	 * set, and leaves {@link #leftOut} out as storage does an object that does not exist.
	 */
	private final class RecordingStorage implements ObjectStorage {

		final List<List<String>> calls = new ArrayList<>();

		final List<SigningWindow> windows = new ArrayList<>();

		@Nullable StorageException failure;

		@Nullable String leftOut;

		final LocalObjectStorage local = new LocalObjectStorage(Path.of("unused"), "tales",
				() -> "http://localhost:8080",
				new SignedUrlToken("a local key of thirty-two bytes!".getBytes(StandardCharsets.UTF_8)));

		@Override
		public Map<String, String> signedUrls(Collection<String> paths, SigningWindow window) {
			this.calls.add(List.copyOf(paths));
			this.windows.add(window);
			if (this.failure != null) {
				throw this.failure;
			}
			Map<String, String> urls = this.local.signedUrls(paths, window);
			urls.remove(this.leftOut);
			return urls;
		}

		@Override
		public URI store(String path, InputStream content, long length, String contentType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public InputStream open(String path) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void delete(String path) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void deletePrefix(String prefix) {
			throw new UnsupportedOperationException();
		}

		@Override
		public URI publicUrl(String path) {
			return this.local.publicUrl(path);
		}

	}

	private static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
