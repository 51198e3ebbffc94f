package com.talegenerator.tales.storage;

import java.net.URI;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The service's URL as clients reach it, up to its context path and encoded, for local
 * storage's URLs: {@code TALES_PUBLIC_URL} when set, else the current request's scheme,
 * host, port and context path. Local storage puts it in front of the signed URLs of every
 * story it answers with; built with a URI builder on each request it was 3 % of the Java
 * samples of a story read (bench/results/2026-12-08-015241-byid-profile.txt), so the URL
 * of the last request's origin is kept and reused while requests come from the same one,
 * as nearly all do.
 */
final class ServiceOrigin implements Supplier<String> {

	/** The last request's origin and the URL made of it. */
	private volatile @Nullable Origin last;

	private ServiceOrigin() {
	}

	/** The configured URL, whatever the request. */
	static Supplier<String> of(URI configured) {
		String url = UriComponentsBuilder.fromUri(configured)
			.replaceQuery(null)
			.fragment(null)
			.build()
			.encode()
			.toUriString();
		String withoutSlash = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		return () -> withoutSlash;
	}

	/** The URL of the request being answered. */
	static ServiceOrigin ofCurrentRequest() {
		return new ServiceOrigin();
	}

	/**
	 * @throws IllegalStateException outside a request, as Spring's
	 * {@code fromCurrentContextPath} does
	 */
	@Override
	public String get() {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		String scheme = request.getScheme();
		String host = request.getServerName();
		int port = request.getServerPort();
		String contextPath = request.getContextPath();
		Origin last = this.last;
		if (last != null && last.is(scheme, host, port, contextPath)) {
			return last.url();
		}
		String url = ServletUriComponentsBuilder.fromContextPath(request).build().encode().toUriString();
		this.last = new Origin(scheme, host, port, contextPath, url);
		return url;
	}

	/** A request's origin and context path, and the URL made of them. */
	private record Origin(String scheme, String host, int port, String contextPath, String url) {

		boolean is(String scheme, String host, int port, String contextPath) {
			return this.port == port && this.host.equals(host) && this.scheme.equals(scheme)
					&& this.contextPath.equals(contextPath);
		}

	}

}
