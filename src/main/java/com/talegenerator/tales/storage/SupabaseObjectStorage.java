package com.talegenerator.tales.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.talegenerator.tales.storage.StorageException.Kind;

/**
 * {@link ObjectStorage} on Supabase Storage's REST API ({@code {url}/storage/v1}) with
 * the service key. Supabase answers most errors with HTTP 400 and puts the real status in
 * the body ({@code statusCode} as a string, plus a {@code code}), so failures are judged
 * by the body, and by the HTTP status only when the body is not Supabase's.
 */
class SupabaseObjectStorage implements ObjectStorage {

	/** Supabase's cap on one bulk delete, also used as the listing page. */
	static final int PAGE_SIZE = 1000;

	private static final Logger log = LoggerFactory.getLogger(SupabaseObjectStorage.class);

	private static final MediaType JSON = MediaType.get("application/json");

	/** What Supabase's SDKs send by default; the public URLs are served through a CDN. */
	private static final String CACHE_CONTROL = "max-age=3600";

	/** Enough of an error body for the log; a proxy's HTML page can be large. */
	private static final long MAX_ERROR_BODY = 16 * 1024;

	/**
	 * How long a response waits for Storage to sign its URLs: they are {@code null} after
	 * that, and the response is not held up by a slow Storage.
	 */
	static final Duration SIGNING_TIMEOUT = Duration.ofSeconds(2);

	/** After a signing call failed, the next ones fail at once for this long. */
	static final Duration SIGNING_PAUSE = Duration.ofSeconds(5);

	/** Storage's cap on the paths of one signing call. */
	static final int MAX_PATHS_PER_SIGNING = 1000;

	private static final String TOKEN_PARAMETER = "?token=";

	/** A compact JWS: three base64url parts. */
	private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	/**
	 * An object the start-up check of the JWT secret asks for: a valid key no object of
	 * ours has.
	 */
	static final String SIGNING_PROBE = ".tales/url-signing-check";

	/** About 10 MB of signed URLs. */
	private static final int SIGNED_URLS_KEPT = 20_000;

	private final HttpUrl base;

	/** {@code {base}/object/sign/{bucket}/}, where every signed URL starts. */
	private final String signedBase;

	private final String serviceKey;

	private final String bucket;

	private final OkHttpClient client;

	/** The same connections, with a short deadline: a list page waits this at most. */
	private final OkHttpClient signingClient;

	private final JsonMapper jsonMapper;

	private final StorageProperties.MediaAccess access;

	/**
	 * Signs URLs here with the project's JWT secret; {@code null}: Storage signs them
	 * (also when the start-up check found that Storage refuses the secret's tokens).
	 */
	private volatile @Nullable SignedUrlToken tokens;

	/**
	 * URLs Storage signed, by window and path, kept until the window ends: a list page
	 * read again costs no call.
	 */
	private final Cache<String, KeptUrl> signedByStorage;

	/** Until when signing calls fail at once, after one failed (nanoTime). */
	private volatile long signingSuspendedUntil;

	/**
	 * @param projectUrl the project URL, {@code https://<ref>.supabase.co}, with or
	 * without a trailing slash
	 * @param serviceKey the legacy {@code service_role} JWT or an {@code sb_secret_…} key
	 * @param bucket the bucket holding every object
	 * @param client the HTTP client, with its timeouts set
	 * @param jsonMapper reads Supabase's replies and writes its request bodies
	 * @param access whether the bucket is meant to be private (signed URLs) or public
	 * @param jwtSecret the project's JWT secret, to sign URLs with here; {@code null}:
	 * Storage signs them
	 */
	SupabaseObjectStorage(String projectUrl, String serviceKey, String bucket, OkHttpClient client,
			JsonMapper jsonMapper, StorageProperties.MediaAccess access, @Nullable String jwtSecret) {
		HttpUrl url = HttpUrl.parse(projectUrl);
		if (url == null) {
			throw new IllegalArgumentException("Not an http(s) URL: '" + projectUrl + "'");
		}
		if (serviceKey.isEmpty() || !serviceKey.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			// OkHttp would put the value of a bad apikey header in its exception message
			throw new IllegalArgumentException(
					"The service key is empty or has characters an HTTP header cannot carry");
		}
		if (bucket.isBlank()) {
			throw new IllegalArgumentException("The bucket name is blank");
		}
		this.base = url.newBuilder().query(null).fragment(null).addPathSegments("storage/v1").build();
		this.signedBase = this.base.newBuilder().addPathSegments("object/sign").addPathSegment(bucket).build() + "/";
		this.serviceKey = serviceKey;
		this.bucket = bucket;
		// a redirect would carry the apikey header to wherever it points
		this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
		this.signingClient = this.client.newBuilder().callTimeout(SIGNING_TIMEOUT).build();
		// nanoTime may be negative: 0 would read as a pause until it turns positive
		this.signingSuspendedUntil = System.nanoTime();
		this.jsonMapper = jsonMapper;
		this.access = access;
		this.tokens = (jwtSecret != null) ? new SignedUrlToken(jwtSecret.getBytes(StandardCharsets.UTF_8)) : null;
		this.signedByStorage = Caffeine.newBuilder()
			.maximumSize(SIGNED_URLS_KEPT)
			.expireAfter(Expiry.<String, KeptUrl>creating(
					(path, kept) -> max(Duration.ZERO, Duration.between(Instant.now(), kept.windowEnd()))))
			.build();
	}

	@Override
	public URI store(String path, InputStream content, long length, String contentType) {
		if (length < 0) {
			throw new IllegalArgumentException("Negative length " + length);
		}
		MediaType mediaType = MediaType.parse(contentType);
		if (mediaType == null) {
			throw new StorageException(Kind.TYPE_INVALID,
					"store " + path + ": not a content type OkHttp can send: '" + contentType + "'");
		}
		StreamBody body = new StreamBody(content, length, mediaType);
		Request request = authorized(objectUrl(path)).header("x-upsert", "true")
			.header("Cache-Control", CACHE_CONTROL)
			// Storage answers with 100 Continue, or at once with its refusal, before the
			// body travels; a pooled connection that something in between closed fails
			// while OkHttp waits for that answer, before a byte of the content is read
			.header("Expect", "100-continue")
			.post(body)
			.tag(StorageOperation.class, StorageOperation.STORE)
			.build();
		String action = "store " + path;
		Reply reply = send(request, action, body);
		if (reply.failure() != null) {
			throw failed(reply.failure(), action);
		}
		// Supabase ignores the query of a public URL; caches key by it
		return ObjectVersions.versioned(publicUrl(path));
	}

	/**
	 * The object's bytes with the service key ({@code GET /object/{bucket}/{path}}), the
	 * response body handed to the caller as it arrives; closing the stream closes the
	 * response.
	 */
	@Override
	public @Nullable InputStream open(String path) {
		String action = "read " + path;
		Request request = authorized(objectUrl(path)).get().tag(StorageOperation.class, StorageOperation.READ).build();
		Response response;
		try {
			response = this.client.newCall(request).execute();
		}
		catch (IOException ex) {
			throw unreachable(ex, action);
		}
		if (response.isSuccessful()) {
			return response.body().byteStream();
		}
		try (response) {
			Failure failure = Failure.of(response.code(), response.header("Content-Type"),
					response.peekBody(MAX_ERROR_BODY).string(), this.jsonMapper);
			if (failure.isMissingObject()) {
				return null;
			}
			throw failed(failure, action);
		}
		catch (IOException ex) {
			throw unreachable(ex, action);
		}
	}

	@Override
	public void delete(String path) {
		String action = "delete " + path;
		Reply reply = send(
				authorized(objectUrl(path)).delete().tag(StorageOperation.class, StorageOperation.DELETE).build(),
				action);
		Failure failure = reply.failure();
		if (failure != null && !failure.isMissingObject()) {
			throw failed(failure, action);
		}
	}

	/**
	 * Lists the first {@value #PAGE_SIZE} entries under the prefix, deletes them with one
	 * bulk call, and lists again until nothing is left. The listing is one level deep:
	 * folders (entries without an {@code id}) are emptied the same way, recursively, so
	 * nothing below the prefix survives.
	 */
	@Override
	public void deletePrefix(String prefix) {
		checkPath(prefix);
		deleteBelow(prefix);
	}

	private long deleteBelow(String prefix) {
		long deleted = 0;
		while (true) {
			List<String> keys = new ArrayList<>();
			List<String> folders = new ArrayList<>();
			JsonNode entries = list(prefix);
			if (entries.isEmpty()) {
				return deleted;
			}
			for (JsonNode entry : entries) {
				String name = entry.path("name").asString("");
				if (!name.isEmpty()) {
					// folders have no id
					(entry.path("id").isNull() || entry.path("id").isMissingNode() ? folders : keys)
						.add(prefix + "/" + name);
				}
			}
			long round = 0;
			for (String folder : folders) {
				round += deleteBelow(folder);
			}
			if (!keys.isEmpty()) {
				round += deleteKeys(prefix, keys);
			}
			if (round == 0) {
				if (!keys.isEmpty()) {
					// listing them again would loop for ever; a key whose role may
					// list but not delete (row-level security) does this
					throw new StorageException(Kind.UNAUTHORIZED,
							"delete prefix " + prefix + ": Supabase Storage listed " + keys.size()
									+ " objects but deleted none of them; " + advice(Kind.UNAUTHORIZED));
				}
				// only empty folders are left, and there is nothing in them to delete
				return deleted;
			}
			deleted += round;
		}
	}

	private JsonNode list(String prefix) {
		ObjectNode body = this.jsonMapper.createObjectNode()
			.put("prefix", prefix)
			.put("limit", PAGE_SIZE)
			.put("offset", 0);
		HttpUrl url = this.base.newBuilder().addPathSegments("object/list").addPathSegment(this.bucket).build();
		String action = "list " + prefix;
		JsonNode entries = readJson(
				send(authorized(url).post(json(body)).tag(StorageOperation.class, StorageOperation.LIST).build(),
						action),
				action);
		if (!entries.isArray()) {
			throw new StorageException(Kind.UNAVAILABLE, action + ": Supabase Storage did not answer with a list");
		}
		return entries;
	}

	private int deleteKeys(String prefix, List<String> keys) {
		ObjectNode body = this.jsonMapper.createObjectNode();
		keys.forEach(body.putArray("prefixes")::add);
		HttpUrl url = this.base.newBuilder().addPathSegment("object").addPathSegment(this.bucket).build();
		String action = "delete " + keys.size() + " objects below " + prefix;
		JsonNode deleted = readJson(send(
				authorized(url).delete(json(body)).tag(StorageOperation.class, StorageOperation.DELETE_MANY).build(),
				action), action);
		// the reply lists the rows actually deleted; objects already gone are left out
		return deleted.isArray() ? deleted.size() : keys.size();
	}

	@Override
	public URI publicUrl(String path) {
		// uri() re-encodes what java.net.URI is stricter about than OkHttp
		return appendPath(this.base.newBuilder().addPathSegments("object/public").addPathSegment(this.bucket), path)
			.build()
			.uri();
	}

	/**
	 * Signs here with the JWT secret when it is known: Storage checks a token without a
	 * key id against that secret, whichever URL signing key the project has
	 * ({@code findJWKFromHeader} in its {@code src/internal/auth/jwt.ts}). Otherwise
	 * Storage signs the paths not yet signed for this window, in one call ({@code POST
	 * /object/sign/{bucket}}); after a failed call the next ones fail at once for a few
	 * seconds ({@link #SIGNING_PAUSE}), so that an outage does not hold every page up.
	 */
	@Override
	public Map<String, String> signedUrls(Collection<String> paths, SigningWindow window) {
		Map<String, String> urls = new LinkedHashMap<>();
		SignedUrlToken tokens = this.tokens;
		if (tokens != null) {
			SignedUrlToken.Signer signer = tokens.signer();
			for (String path : paths) {
				urls.put(path, signedUrl(path, signer.sign(this.bucket, path, window.issuedAt(), window.expiresAt())));
			}
			return urls;
		}
		List<String> unsigned = new ArrayList<>();
		for (String path : paths) {
			KeptUrl kept = this.signedByStorage.getIfPresent(cacheKey(window, path));
			if (kept != null) {
				urls.put(path, kept.url());
			}
			else {
				unsigned.add(path);
			}
		}
		for (int from = 0; from < unsigned.size(); from += MAX_PATHS_PER_SIGNING) {
			List<String> batch = unsigned.subList(from, Math.min(unsigned.size(), from + MAX_PATHS_PER_SIGNING));
			signByStorage(batch, window).forEach((path, url) -> {
				urls.put(path, url);
				this.signedByStorage.put(cacheKey(window, path), new KeptUrl(url, window.endsAt()));
			});
		}
		return urls;
	}

	private Map<String, String> signByStorage(List<String> paths, SigningWindow window) {
		if (System.nanoTime() - this.signingSuspendedUntil < 0) {
			throw new StorageException(Kind.UNAVAILABLE,
					"sign URLs: not asked, Supabase Storage failed to sign less than " + SIGNING_PAUSE.toSeconds()
							+ " s ago");
		}
		// what is left of the window's lifetime; Storage counts it from now
		long expiresIn = Math.max(1, window.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		ObjectNode body = this.jsonMapper.createObjectNode().put("expiresIn", expiresIn);
		paths.forEach(body.putArray("paths")::add);
		HttpUrl url = this.base.newBuilder().addPathSegments("object/sign").addPathSegment(this.bucket).build();
		String action = "sign " + paths.size() + " URLs";
		JsonNode signed;
		try {
			signed = readJson(send(this.signingClient,
					authorized(url).post(json(body)).tag(StorageOperation.class, StorageOperation.SIGN).build(), action,
					null), action);
			if (!signed.isArray()) {
				throw new StorageException(Kind.UNAVAILABLE, action + ": Supabase Storage did not answer with a list");
			}
		}
		catch (StorageException ex) {
			this.signingSuspendedUntil = System.nanoTime() + SIGNING_PAUSE.toNanos();
			throw ex;
		}
		Map<String, String> urls = new LinkedHashMap<>();
		for (JsonNode entry : signed) {
			String path = entry.path("path").asString(null);
			String token = tokenOf(entry.path("signedURL").asString(null));
			// an entry with an error names an object that does not exist
			if (path != null && token != null && paths.contains(path)) {
				urls.put(path, signedUrl(path, token));
			}
		}
		return urls;
	}

	/**
	 * The token of the relative URL Storage answers
	 * ({@code /object/sign/{bucket}/{path}?token=…}); the URL itself is built here, with
	 * the path encoded as every other URL of ours. Storage writes the path as it is, and
	 * a key may hold {@code ?}, {@code &} and {@code =} ({@code VALID_OBJECT_KEY} in its
	 * {@code src/storage/limits.ts}), so the token is what follows the last
	 * {@code ?token=}: a JWT has none of these characters.
	 */
	private static @Nullable String tokenOf(@Nullable String signedUrl) {
		int at = (signedUrl != null) ? signedUrl.lastIndexOf(TOKEN_PARAMETER) : -1;
		if (at < 0) {
			return null;
		}
		String token = signedUrl.substring(at + TOKEN_PARAMETER.length());
		int end = token.indexOf('&');
		token = (end >= 0) ? token.substring(0, end) : token;
		return JWT_SHAPE.matcher(token).matches() ? token : null;
	}

	private String signedUrl(String path, String token) {
		checkPath(path);
		return SignedUrls.of(this.signedBase, path, token);
	}

	private static String cacheKey(SigningWindow window, String path) {
		return window.name() + "/" + path;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** A URL Storage signed, good until its window ends. */
	private record KeptUrl(String url, Instant windowEnd) {
	}

	/**
	 * Makes sure the bucket exists, creating it (private for signed access, public for
	 * public access) when Supabase says there is no such bucket; a bucket created
	 * meanwhile by someone else is fine.
	 * @throws StorageException if the bucket could neither be found nor created
	 */
	void ensureBucket() {
		String action = "find bucket " + this.bucket;
		Failure failure = lookUpBucket(action);
		if (failure == null) {
			return;
		}
		if (!failure.hasCode("NoSuchBucket")) {
			throw failed(failure, action);
		}
		boolean publicBucket = this.access == StorageProperties.MediaAccess.PUBLIC;
		ObjectNode body = this.jsonMapper.createObjectNode()
			.put("id", this.bucket)
			.put("name", this.bucket)
			.put("public", publicBucket);
		action = "create bucket " + this.bucket;
		Failure creation = send(authorized(this.base.newBuilder().addPathSegment("bucket").build()).post(json(body))
			.tag(StorageOperation.class, StorageOperation.CREATE_BUCKET)
			.build(), action).failure();
		if (creation != null && !creation.hasCode("BucketAlreadyExists")) {
			throw failed(creation, action);
		}
		log.info("Created the {} bucket {} in Supabase Storage", publicBucket ? "public" : "private", this.bucket);
	}

	/**
	 * Looks the bucket up once, at start-up, so that a setting every upload would trip
	 * over shows at once: a refused key as one ERROR line naming SUPABASE_SERVICE_KEY, a
	 * missing bucket or unreachable storage as a warning. It never throws: the service
	 * starts, and its uploads work as soon as storage is fixed or back.
	 */
	void checkBucket() {
		String action = "find bucket " + this.bucket;
		try {
			Failure failure = lookUpBucket(action);
			if (failure != null) {
				throw failed(failure, action);
			}
		}
		catch (StorageException ex) {
			switch (ex.kind()) {
				case UNAUTHORIZED -> log.error("Supabase Storage refused the service key at start-up, so every upload "
						+ "will answer 503 until it is changed: {}", ex.getMessage());
				case UNAVAILABLE -> log.warn("Supabase Storage could not be reached at start-up; uploads answer 503 "
						+ "until it can be: {}", ex.getMessage());
				default -> log.warn("Supabase Storage refused the bucket look-up at start-up, so uploads will answer "
						+ "503 until this is fixed: {}", ex.getMessage());
			}
		}
	}

	/**
	 * With a JWT secret, asks Storage once, at start-up, whether it accepts a token
	 * signed with it: {@code GET /object/sign/{bucket}/{probe}?token=…} for an object
	 * that does not exist. Storage checks the token before it looks for the object
	 * ({@code getSignedObject.ts}, {@code verifyObjectSignature}), so it answers
	 * {@code NoSuchKey} when the secret is right and {@code InvalidJWT} when it is not. A
	 * refused secret would make every URL handed out fail; it is logged as one ERROR line
	 * naming SUPABASE_JWT_SECRET, and Storage signs the URLs instead. It never throws:
	 * unreachable storage leaves the secret in use.
	 */
	void checkUrlSigning() {
		SignedUrlToken tokens = this.tokens;
		if (tokens == null) {
			return;
		}
		Instant now = Instant.now();
		String token = tokens.signer().sign(this.bucket, SIGNING_PROBE, now, now.plus(Duration.ofMinutes(5)));
		String action = "check SUPABASE_JWT_SECRET";
		Reply reply;
		try {
			// the route is public: the service key is not sent where it is not needed
			reply = send(new Request.Builder().url(signedUrl(SIGNING_PROBE, token))
				.get()
				.tag(StorageOperation.class, StorageOperation.CHECK_SIGNING)
				.build(), action);
		}
		catch (StorageException ex) {
			log.warn("Supabase Storage could not be reached at start-up to check SUPABASE_JWT_SECRET; URLs are "
					+ "signed with it: {}", ex.getMessage());
			return;
		}
		Failure failure = reply.failure();
		if (failure == null || failure.hasCode("NoSuchKey")) {
			return;
		}
		if (failure.hasCode("InvalidJWT") || failure.hasCode("InvalidSignature") || failure.hasCode("AccessDenied")) {
			this.tokens = null;
			log.error(
					"Supabase Storage refuses URLs signed with SUPABASE_JWT_SECRET ({}), so Storage signs them "
							+ "instead, one call per response: set SUPABASE_JWT_SECRET to the project's JWT secret "
							+ "(Supabase dashboard: Project Settings, JWT Keys, Legacy JWT Secret), or unset it",
					failure.message());
			return;
		}
		log.warn("Supabase Storage answered the check of SUPABASE_JWT_SECRET at start-up with HTTP {} ({}); URLs "
				+ "are signed with it", failure.httpStatus(), failure.code());
	}

	/** GET /bucket/{bucket}: what went wrong, or null when the bucket exists. */
	private @Nullable Failure lookUpBucket(String action) {
		HttpUrl url = this.base.newBuilder().addPathSegment("bucket").addPathSegment(this.bucket).build();
		Reply reply = send(authorized(url).get().tag(StorageOperation.class, StorageOperation.FIND_BUCKET).build(),
				action);
		if (reply.failure() == null) {
			warnIfAccessDiffers(readJson(reply, action).path("public"));
		}
		return reply.failure();
	}

	/**
	 * A public bucket with signed access serves every file to anyone who knows its path;
	 * a private bucket with public access serves none of the URLs handed out.
	 */
	private void warnIfAccessDiffers(JsonNode bucketIsPublic) {
		if (!bucketIsPublic.isBoolean()) {
			return;
		}
		if (bucketIsPublic.asBoolean() && this.access == StorageProperties.MediaAccess.SIGNED) {
			log.warn("Bucket {} is public, so anyone who knows a file's path can read it although the service hands "
					+ "out signed URLs (TALES_MEDIA_ACCESS=signed): make the bucket private in the Supabase dashboard "
					+ "(Storage, the bucket, Edit bucket, turn off Public bucket), or set TALES_MEDIA_ACCESS=public",
					this.bucket);
		}
		else if (!bucketIsPublic.asBoolean() && this.access == StorageProperties.MediaAccess.PUBLIC) {
			log.warn("Bucket {} is private, so the public URLs the service hands out (TALES_MEDIA_ACCESS=public) will "
					+ "answer 400 Bucket not found: set TALES_MEDIA_ACCESS=signed (the default), or make the bucket "
					+ "public in the Supabase dashboard (Storage, the bucket, Edit bucket, Public bucket)",
					this.bucket);
		}
	}

	private HttpUrl objectUrl(String path) {
		return appendPath(this.base.newBuilder().addPathSegment("object").addPathSegment(this.bucket), path).build();
	}

	/** Adds the path one segment at a time, so each is percent-encoded on its own. */
	private static HttpUrl.Builder appendPath(HttpUrl.Builder url, String path) {
		for (String segment : checkPath(path)) {
			url.addPathSegment(segment);
		}
		return url;
	}

	/**
	 * The path's segments. OkHttp would resolve {@code .} and {@code ..} and drop empty
	 * segments, so such paths would reach another object than the one meant.
	 */
	private static String[] checkPath(String path) {
		String[] segments = path.split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw new IllegalArgumentException("Not an object path: '" + path + "'");
			}
		}
		return segments;
	}

	private Request.Builder authorized(HttpUrl url) {
		// the gateway wants apikey; Storage behind it reads the Bearer token. Both take
		// the
		// service_role JWT, and an sb_secret_ key only when the two are identical
		return new Request.Builder().url(url)
			.header("apikey", this.serviceKey)
			.header("Authorization", "Bearer " + this.serviceKey);
	}

	private RequestBody json(JsonNode body) {
		return RequestBody.create(this.jsonMapper.writeValueAsBytes(body), JSON);
	}

	private JsonNode readJson(Reply reply, String action) {
		if (reply.failure() != null) {
			throw failed(reply.failure(), action);
		}
		try {
			return this.jsonMapper.readTree(reply.body());
		}
		catch (JacksonException ex) {
			throw new StorageException(Kind.UNAVAILABLE, action + ": Supabase Storage answered with unreadable JSON");
		}
	}

	/**
	 * Sends the request and returns the body of a 2xx reply or what went wrong; only a
	 * failure to talk to Supabase at all is thrown here.
	 */
	private Reply send(Request request, String action) {
		return send(request, action, null);
	}

	/**
	 * Sends the request, and once more on a fresh connection when the connection failed
	 * before the first byte of the upload's content was read: the content is then intact
	 * (and Storage saw none of it), which OkHttp cannot know of a one-shot body and so
	 * never retries. A timeout is not retried: it would only double the wait.
	 */
	private Reply send(Request request, String action, @Nullable StreamBody upload) {
		return send(this.client, request, action, upload);
	}

	private Reply send(OkHttpClient client, Request request, String action, @Nullable StreamBody upload) {
		try {
			return exchange(client, request);
		}
		catch (ContentException ex) {
			throw contentUnreadable(ex, action);
		}
		catch (IOException ex) {
			if (upload == null || upload.started() || ex instanceof InterruptedIOException) {
				throw unreachable(ex, action);
			}
			log.info("{}: the connection failed before the content was sent ({}); sending it once more on a fresh "
					+ "connection", action, redact(ex.toString(), this.serviceKey));
			// the other idle connections went quiet as long as this one: none is trusted
			this.client.connectionPool().evictAll();
			try {
				return exchange(client, request);
			}
			catch (ContentException retryFailure) {
				throw contentUnreadable(retryFailure, action);
			}
			catch (IOException retryFailure) {
				throw unreachable(retryFailure, action);
			}
		}
	}

	private Reply exchange(OkHttpClient client, Request request) throws IOException {
		try (Response response = client.newCall(request).execute()) {
			if (response.isSuccessful()) {
				return new Reply(response.body().string(), null);
			}
			String body = response.peekBody(MAX_ERROR_BODY).string();
			return new Reply("", Failure.of(response.code(), response.header("Content-Type"), body, this.jsonMapper));
		}
	}

	private static StorageException contentUnreadable(ContentException ex, String action) {
		return new StorageException(Kind.CONTENT_UNREADABLE, action + ": " + ex.getMessage(), ex);
	}

	private StorageException unreachable(IOException ex, String action) {
		return new StorageException(Kind.UNAVAILABLE, action + ": Supabase Storage could not be reached ("
				+ ex.getClass().getSimpleName() + ": " + redact(String.valueOf(ex.getMessage()), this.serviceKey) + ")",
				ex);
	}

	private static String redact(String text, String serviceKey) {
		return text.replace(serviceKey, "[service key]");
	}

	/**
	 * The failure as an exception whose message says what Supabase answered and, when the
	 * service is misconfigured, which setting to change.
	 */
	private StorageException failed(Failure failure, String action) {
		Kind kind = failure.kind();
		StringBuilder text = new StringBuilder(action).append(": Supabase Storage answered HTTP ")
			.append(failure.httpStatus());
		if (failure.code() != null || failure.statusCode() != null || failure.message() != null) {
			String label = String.join(" ",
					Stream.of(failure.statusCode(), failure.code()).filter(Objects::nonNull).toList());
			text.append(" (")
				.append(label)
				.append(label.isEmpty() || failure.message() == null ? "" : ": ")
				.append(Objects.toString(failure.message(), ""))
				.append(')');
		}
		else {
			text.append(" with a body that is not Supabase's (").append(failure.contentType()).append(')');
		}
		String advice = advice(kind);
		if (advice != null) {
			text.append("; ").append(advice);
		}
		return new StorageException(kind, redact(text.toString(), this.serviceKey));
	}

	/** What an operator changes so that storage accepts the service's requests. */
	private @Nullable String advice(Kind kind) {
		return switch (kind) {
			case UNAUTHORIZED -> "Supabase Storage refuses the service key: set SUPABASE_SERVICE_KEY to the "
					+ "project's service_role key or an sb_secret_ key (Supabase dashboard: Project Settings, API Keys)";
			case BUCKET_MISSING -> "Supabase Storage has no bucket '" + this.bucket + "' (or refuses that name): set "
					+ "SUPABASE_STORAGE_BUCKET to an existing bucket, or SUPABASE_CREATE_BUCKET=true to create it at "
					+ "start-up";
			case TYPE_REFUSED -> "bucket '" + this.bucket
					+ "' refuses this content type: add it (or audio/* and image/*) to the "
					+ "bucket's allowed MIME types in the Supabase dashboard (Storage, the bucket, Edit bucket), or set "
					+ "SUPABASE_STORAGE_BUCKET to a bucket that allows every audio and image type";
			case INCOMPATIBLE -> "Supabase Storage did not take the request for one it knows: check that SUPABASE_URL "
					+ "is the project URL, https://<project-ref>.supabase.co, with Storage at /storage/v1 below it";
			case TOO_LARGE -> "if the file is within TALES_MAX_UPLOAD_SIZE, Supabase's limit (the bucket's file size "
					+ "limit or the project's global one) is lower: set TALES_MAX_UPLOAD_SIZE to it, so that clients "
					+ "are refused before their upload travels";
			default -> null;
		};
	}

	private record Reply(String body, @Nullable Failure failure) {
	}

	/**
	 * An error reply. {@code statusCode} and {@code code} come from Supabase's error body
	 * and are null when the body is not one (e.g. a proxy's HTML page).
	 */
	private record Failure(int httpStatus, @Nullable String statusCode, @Nullable String code, @Nullable String message,
			@Nullable String contentType) {

		static Failure of(int httpStatus, @Nullable String contentType, String body, JsonMapper jsonMapper) {
			try {
				JsonNode json = jsonMapper.readTree(body);
				if (json.isObject()) {
					return new Failure(httpStatus, scalar(json, "statusCode"), scalar(json, "code"),
							scalar(json, "message"), contentType);
				}
			}
			catch (JacksonException ex) {
				// not JSON: judged by the HTTP status alone
			}
			return new Failure(httpStatus, null, null, null, contentType);
		}

		private static @Nullable String scalar(JsonNode json, String field) {
			JsonNode value = json.path(field);
			return (value.isString() || value.isNumber()) ? value.asString() : null;
		}

		boolean hasCode(String code) {
			return code.equals(this.code);
		}

		/** Supabase's own status, which the HTTP status line hides behind a 400. */
		int status() {
			if (this.statusCode != null) {
				try {
					return Integer.parseInt(this.statusCode.trim());
				}
				catch (NumberFormatException ex) {
					// fall back to the status line
				}
			}
			return this.httpStatus;
		}

		boolean isMissingObject() {
			return hasCode("NoSuchKey") || (this.code == null && this.statusCode != null && status() == 404);
		}

		/**
		 * What the failure means for the client, as one table: Storage's {@code code}
		 * first (it is precise), then its status (the body's {@code statusCode}, else the
		 * status line, which is all a proxy's page has).
		 */
		Kind kind() {
			if (this.httpStatus >= 500 || isRetryable(this.httpStatus)) {
				return Kind.UNAVAILABLE;
			}
			Kind byCode = (this.code != null) ? byCode(this.code) : null;
			if (byCode != null) {
				return byCode;
			}
			int status = status();
			if (status >= 500 || isRetryable(status)) {
				return Kind.UNAVAILABLE;
			}
			return switch (status) {
				case 401, 403 -> Kind.UNAUTHORIZED;
				case 413 -> Kind.TOO_LARGE;
				case 415 -> Kind.TYPE_REFUSED;
				// a redirect (the URL moved), an unknown route, a request Storage calls
				// invalid: nothing a retry or the client changes
				default -> Kind.INCOMPATIBLE;
			};
		}

		private @Nullable Kind byCode(String code) {
			return switch (code) {
				// wrong secret, malformed or expired token, or a role row-level security
				// stops; InvalidJWT and the S3 codes say the same of other credentials
				case "AccessDenied", "InvalidJWT", "InvalidSignature", "ExpiredToken", "SignatureDoesNotMatch",
						"InvalidAccessKeyId" ->
					Kind.UNAUTHORIZED;
				// "headers must have required property 'authorization'": no key
				// reached Storage
				case "InvalidRequest" ->
					(this.message != null && this.message.toLowerCase(Locale.ROOT).contains("authorization"))
							? Kind.UNAUTHORIZED : Kind.INCOMPATIBLE;
				case "NoSuchBucket", "InvalidBucketName" -> Kind.BUCKET_MISSING;
				case "InvalidMimeType" -> Kind.TYPE_REFUSED;
				case "EntityTooLarge" -> Kind.TOO_LARGE;
				case "InvalidKey" -> Kind.NAME_REFUSED;
				// uploads upsert, so a duplicate is another upload of the same name
				// at the same moment: a retry wins, as it does against a busy or
				// locked database
				case "KeyAlreadyExists", "ResourceLocked", "TransactionError", "LockTimeout", "SlowDown",
						"DatabaseTimeout", "DatabaseConnectionLimit", "DatabaseReadOnly", "InternalError",
						"DatabaseError" ->
					Kind.UNAVAILABLE;
				// not the project Storage belongs to
				case "TenantNotFound" -> Kind.INCOMPATIBLE;
				default -> null;
			};
		}

		private static boolean isRetryable(int status) {
			// timeout, locked, slow down
			return status == 408 || status == 423 || status == 429;
		}

	}

	/**
	 * The content ended early or could not be read: the caller's fault, not Supabase's.
	 */
	private static final class ContentException extends IOException {

		ContentException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * Copies exactly {@code length} bytes from the stream to the connection in okio
	 * segments, so a large upload never sits in memory, and declares that length, so
	 * Supabase checks it against the size limit (it does not check chunked uploads).
	 */
	private static final class StreamBody extends RequestBody {

		private final InputStream content;

		private final long length;

		private final MediaType mediaType;

		/** Set before the first read: from then on the stream cannot be sent again. */
		private volatile boolean started;

		StreamBody(InputStream content, long length, MediaType mediaType) {
			this.content = content;
			this.length = length;
			this.mediaType = mediaType;
		}

		@Override
		public MediaType contentType() {
			return this.mediaType;
		}

		@Override
		public long contentLength() {
			return this.length;
		}

		/** The stream can be read once: OkHttp must not retry with it. */
		@Override
		public boolean isOneShot() {
			return true;
		}

		/** Whether any of the content may have been read from the stream. */
		boolean started() {
			return this.started;
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			this.started = true;
			// the caller opened the stream and closes it
			Source source = Okio.source(this.content);
			long remaining = this.length;
			while (remaining > 0) {
				long read;
				try {
					read = source.read(sink.getBuffer(), Math.min(remaining, 64 * 1024));
				}
				catch (IOException ex) {
					throw new ContentException("the content could not be read after " + (this.length - remaining)
							+ " of " + this.length + " bytes", ex);
				}
				if (read == -1) {
					// failing here leaves the request short, so Supabase drops the upload
					throw new ContentException(
							"the content ended after " + (this.length - remaining) + " of " + this.length + " bytes",
							null);
				}
				remaining -= read;
				sink.emitCompleteSegments();
			}
		}

	}

}
