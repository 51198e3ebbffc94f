package com.talegenerator.tales.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature table: each format's own first bytes pass under every type a client may
 * declare for it and under no other format's; what is no media file at all (a page, a
 * script, an archive, nothing, a stump) passes under none.
 */
class MediaFormatTests {

	/** Each format's valid heads, as {@link Samples} lays them out. */
	private static final Map<MediaFormat, List<byte[]>> HEADS = Map.ofEntries(
			Map.entry(MediaFormat.MP3, List.of(Samples.MP3_ID3, Samples.MP3_FFFB, Samples.MP3_FFF3, Samples.MP3_FFE3)),
			Map.entry(MediaFormat.WAV, List.of(Samples.WAV)), Map.entry(MediaFormat.OGG, List.of(Samples.OGG)),
			Map.entry(MediaFormat.FLAC, List.of(Samples.FLAC)), Map.entry(MediaFormat.MP4, List.of(Samples.M4A)),
			Map.entry(MediaFormat.WEBM, List.of(Samples.WEBM)),
			Map.entry(MediaFormat.AAC, List.of(Samples.AAC_FFF1, Samples.AAC_FFF9, Samples.AAC_ADIF)),
			Map.entry(MediaFormat.PNG, List.of(Samples.PNG)), Map.entry(MediaFormat.JPEG, List.of(Samples.JPEG)),
			Map.entry(MediaFormat.WEBP, List.of(Samples.WEBP)));

	/** The types clients declare for each format (API.md, "Audio upload", "Images"). */
	private static final Map<MediaFormat, List<String>> DECLARED = Map.ofEntries(
			Map.entry(MediaFormat.MP3, List.of("audio/mpeg", "audio/mp3", "audio/mpeg3")),
			Map.entry(MediaFormat.WAV, List.of("audio/wav", "audio/x-wav", "audio/wave")),
			Map.entry(MediaFormat.OGG, List.of("audio/ogg", "audio/opus")),
			Map.entry(MediaFormat.FLAC, List.of("audio/flac", "audio/x-flac")),
			Map.entry(MediaFormat.MP4, List.of("audio/mp4", "audio/m4a", "audio/x-m4a")),
			Map.entry(MediaFormat.WEBM, List.of("audio/webm")),
			Map.entry(MediaFormat.AAC, List.of("audio/aac", "audio/x-aac")),
			Map.entry(MediaFormat.PNG, List.of("image/png")),
			Map.entry(MediaFormat.JPEG, List.of("image/jpeg", "image/jpg")),
			Map.entry(MediaFormat.WEBP, List.of("image/webp")));

	static Stream<Arguments> ownHeads() {
		List<Arguments> arguments = new ArrayList<>();
		HEADS.forEach((format, heads) -> heads.forEach((head) -> arguments.add(Arguments.of(format, hex(head)))));
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("ownHeads")
	void acceptsEachFormatsHeadUnderEveryTypeDeclaredForIt(MediaFormat format, String head) {
		for (String type : DECLARED.get(format)) {
			Optional<MediaFormat> declared = MediaFormat.audio(type).or(() -> MediaFormat.image(type));

			assertThat(declared).as(type).contains(format);
			assertThat(declared.orElseThrow().matches(unhex(head))).as(type).isTrue();
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("ownHeads")
	void refusesEachFormatsHeadUnderAnyOtherFormat(MediaFormat format, String head) {
		for (MediaFormat other : MediaFormat.values()) {
			// an ID3 tag may lead MP3 and raw AAC alike: the tag says nothing of what
			// follows it
			boolean id3 = head.equals(hex(Samples.MP3_ID3)) && other == MediaFormat.AAC;
			if (other != format && !id3) {
				assertThat(other.matches(unhex(head))).as("%s taken for %s", format, other).isFalse();
			}
		}
	}

	@Test
	void takesNoAdtsFrameForMp3AndNoMp3FrameForAac() {
		for (byte[] adts : List.of(Samples.AAC_FFF1, Samples.AAC_FFF9)) {
			assertThat(MediaFormat.MP3.matches(adts)).as(hex(adts)).isFalse();
			assertThat(MediaFormat.AAC.matches(adts)).as(hex(adts)).isTrue();
		}
		for (byte[] frame : List.of(Samples.MP3_FFFB, Samples.MP3_FFF3, Samples.MP3_FFE3)) {
			assertThat(MediaFormat.AAC.matches(frame)).as(hex(frame)).isFalse();
			assertThat(MediaFormat.MP3.matches(frame)).as(hex(frame)).isTrue();
		}
	}

	static Stream<Arguments> noMedia() {
		return Stream.of(Arguments.of("HTML", Samples.HTML), Arguments.of("script", Samples.SCRIPT),
				Arguments.of("ZIP", Samples.ZIP), Arguments.of("empty", new byte[0]),
				Arguments.of("text", "hello, world".getBytes(StandardCharsets.US_ASCII)),
				Arguments.of("text about ID3", "ID3 tags name a song".getBytes(StandardCharsets.US_ASCII)),
				Arguments.of("ID3 header of no version", Arrays.copyOf("ID3".getBytes(StandardCharsets.US_ASCII), 12)),
				Arguments.of("ID3 header of a size that is not syncsafe",
						new byte[] { 'I', 'D', '3', 4, 0, 0, 0, 0, (byte) 0x82, 0x01, 0, 0 }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("noMedia")
	void refusesWhatIsNoMediaFileUnderEveryFormat(String what, byte[] content) {
		byte[] head = Arrays.copyOf(content, Math.min(content.length, MediaFormat.HEAD_LENGTH));

		for (MediaFormat format : MediaFormat.values()) {
			assertThat(format.matches(head)).as("%s as %s", what, format).isFalse();
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("ownHeads")
	void refusesAThreeByteStumpOfAnyHead(MediaFormat format, String head) {
		// no file of any of these formats is this short: the bytes would only start its
		// header
		byte[] stump = Arrays.copyOf(unhex(head), 3);

		for (MediaFormat any : MediaFormat.values()) {
			assertThat(any.matches(stump)).as("%s stump %s as %s", format, hex(stump), any).isFalse();
		}
	}

	@Test
	void readsTheDeclaredTypeWithoutItsParametersAndInAnyCase() {
		assertThat(MediaFormat.audio("Audio/MPEG; charset=binary")).contains(MediaFormat.MP3);
		assertThat(MediaFormat.image(" IMAGE/PNG ")).contains(MediaFormat.PNG);
	}

	@ParameterizedTest
	@ValueSource(strings = { "image/gif", "image/svg+xml", "text/html", "application/zip", "audio/*", "image/*",
			"application/octet-stream", "audio/mpeg-html", "", "audio/" })
	void knowsNoImageOfOtherTypes(String type) {
		assertThat(MediaFormat.image(type)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "image/png", "video/mp4", "text/html", "application/ogg", "audio/*", "audio/midi", "" })
	void knowsNoAudioOfOtherTypes(String type) {
		assertThat(MediaFormat.audio(type)).isEmpty();
	}

	@Test
	void storesEachFormatUnderItsOwnTypeAndExtension() {
		assertThat(MediaFormat.MP3.contentType()).isEqualTo("audio/mpeg");
		assertThat(MediaFormat.JPEG.contentType()).isEqualTo("image/jpeg");
		assertThat(MediaFormat.JPEG.extension()).isEqualTo("jpg");
		assertThat(MediaFormat.PNG.extension()).isEqualTo("png");
		assertThat(MediaFormat.WEBP.extension()).isEqualTo("webp");
		assertThat(MediaFormat.imageTypes()).containsExactly("image/png", "image/jpeg", "image/webp");
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (byte b : bytes) {
			hex.append(String.format("%02x", b & 0xff));
		}
		return hex.toString();
	}

	private static byte[] unhex(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return bytes;
	}

}
