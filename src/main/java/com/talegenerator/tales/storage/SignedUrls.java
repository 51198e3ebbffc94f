package com.talegenerator.tales.storage;

/**
 * Writes signed URLs as text: a base that ends in {@code /object/sign/{bucket}/}, the
 * object path with each segment percent-encoded, and the token. Written out rather than
 * with a URI builder: a list page makes one per item, and a builder's parse, encode and
 * build of each cost more than the signature itself (docs/performance.md, "Signed URLs").
 */
final class SignedUrls {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private SignedUrls() {
	}

	/**
	 * @param base the URL up to and with the bucket's {@code /}, encoded already
	 * @param path the object path, {@code /}-separated, as stored
	 */
	static String of(String base, String path, String token) {
		StringBuilder url = new StringBuilder(base.length() + path.length() + token.length() + 8).append(base);
		appendPath(url, path);
		return url.append("?token=").append(token).toString();
	}

	/**
	 * Appends the path, its segments' characters as RFC 3986 allows them in a path
	 * ({@code pchar}) and every other byte of their UTF-8 percent-encoded; keys made by
	 * the service need no encoding at all, an adopted one may have spaces.
	 */
	static void appendPath(StringBuilder url, String path) {
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '/' || isPathCharacter(c)) {
				url.append(c);
			}
			else {
				int end = i + 1;
				if (Character.isHighSurrogate(c) && end < path.length()) {
					end++;
				}
				for (byte b : path.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
					url.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
				}
				i = end - 1;
			}
		}
	}

	private static boolean isPathCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
	}

}
