package com.talegenerator.tales.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import com.talegenerator.tales.database.EmbeddedDatabaseCondition;
import com.talegenerator.tales.web.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * With authentication on, every endpoint but the public ones needs a valid Supabase token
 * ({@code Authorization: Bearer …}); a missing or bad one gets a 401 problem with
 * {@code WWW-Authenticate}. With it off (the embedded default, or
 * {@code TALES_AUTH=none}), every request acts as the back-office. Stateless either way:
 * no session, no CSRF (no cookies are used).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * Open to anyone: health, probes, API docs and the URLs of stored files, public and
	 * signed (a signed URL's token is its credential: a browser's audio player or image
	 * sends no bearer token).
	 */
	private static final String[] PUBLIC_PATHS = { "/health", "/livez", "/readyz", "/docs", "/docs/**", "/openapi.json",
			"/openapi.json/**", "/swagger-ui/**", "/storage/v1/object/public/**", "/storage/v1/object/sign/**",
			"/error" };

	/**
	 * A dev server on this machine, on any port: the origins a browser may call from in
	 * the embedded default. {@code [*]} matches a port only, where {@code :*} would also
	 * match {@code http://localhost:5173.evil.example}.
	 */
	private static final List<String> LOOPBACK_ORIGINS = List.of("http://localhost:[*]", "http://127.0.0.1:[*]",
			"http://[::1]:[*]", "https://localhost:[*]", "https://127.0.0.1:[*]", "https://[::1]:[*]");

	@Bean
	AuthMode authMode(AuthProperties properties, Environment environment) {
		AuthMode mode = AuthMode.resolve(properties, EmbeddedDatabaseCondition.isEmbedded(environment));
		if (!mode.enabled() && properties.mode() == AuthProperties.Mode.NONE) {
			log.warn("TALES_AUTH=none: authentication is OFF. Anyone who can reach this service can read and change "
					+ "every child's profile and story.");
		}
		else if (mode.enabled()) {
			log.info("Authentication on: {}{}, issuer {}",
					(mode.jwtSecret() != null) ? "HS256 tokens (JWT secret)" : "",
					(mode.jwkSetUri() != null) ? ((mode.jwtSecret() != null) ? " and " : "")
							+ "tokens signed with a key of " + mode.jwkSetUri() : "",
					mode.issuer());
		}
		return mode;
	}

	/**
	 * Spring Security's observations wrap each of its filters, the authentication and the
	 * authorization of every request in an observation (seen in the benchmark's profile),
	 * for metrics nobody exports here.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Only the filters a stateless token API needs: no session (so no session management
	 * or URL-encoding guard), no form login to log out of, no anonymous principal (public
	 * paths are permitted without one), no servlet API wrapper (nothing reads the user
	 * from the request), no CSRF (no cookies). Each of them ran on every request.
	 */
	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AuthMode mode, ProblemWriter problems) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.disable())
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.logout((logout) -> logout.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.servletApi((servletApi) -> servletApi.disable())
			.cors(Customizer.withDefaults())
			.requestCache((cache) -> cache.disable());
		if (!mode.enabled()) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.OPTIONS, "/**")
				.permitAll()
				.requestMatchers(HttpMethod.GET, PUBLIC_PATHS)
				.permitAll()
				.requestMatchers(HttpMethod.HEAD, PUBLIC_PATHS)
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(new SupabaseJwtDecoder(mode)))
						.authenticationConverter(new BearerTokenHeader())
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(entryPoint)
						.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {

							@Override
							public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
								// by default a token that cannot be checked (JWKS
								// unreachable) escapes the filter as a 500
								filter.setAuthenticationFailureHandler(entryPoint);
								return filter;
							}

						}))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(entryPoint))
			.build();
	}

	/**
	 * Spring Security's firewall with every check but the method's: its list of seven
	 * refused QUERY, PROPFIND or any other method with a 400 "could not be read". Spring
	 * MVC answers a method a path does not take with a 405 and {@code Allow}, as for
	 * PATCH. The list guards rules written for some methods only; here every method but
	 * GET and HEAD of the public paths and preflights needs a token (with authentication
	 * on), so an unknown method gets no further than a known one. Its character rules for
	 * header names and values and parameter names are its own, checked without regular
	 * expressions ({@link FirewallCharacters}).
	 */
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		firewall.setAllowedHeaderNames(FirewallCharacters.ASSIGNED_AND_NOT_CONTROL);
		firewall.setAllowedHeaderValues(FirewallCharacters.HEADER_VALUE);
		firewall.setAllowedParameterNames(FirewallCharacters.ASSIGNED_AND_NOT_CONTROL);
		return firewall;
	}

	/**
	 * The frontend's origins may call the API from a browser, with the token header:
	 * those of {@code TALES_CORS_ALLOWED_ORIGINS}, and only those once it is set. Without
	 * it, the embedded default (no authentication, reachable from this machine only)
	 * allows a dev server on this machine, as a frontend developer expects; anywhere else
	 * no origin is allowed.
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(AuthProperties properties, AuthMode mode, ServerProperties server) {
		CorsConfiguration cors = new CorsConfiguration();
		List<String> origins = properties.corsAllowedOrigins()
			.stream()
			.map(String::strip)
			.filter((origin) -> !origin.isEmpty())
			.toList();
		if (!origins.isEmpty()) {
			cors.setAllowedOrigins(origins);
			log.info("Browsers may call this service from {}", origins);
		}
		else if (!mode.enabled() && isLoopback(server.getAddress())) {
			cors.setAllowedOriginPatterns(LOOPBACK_ORIGINS);
			log.info("Browsers may call this service from any port of localhost, 127.0.0.1 and [::1]; "
					+ "TALES_CORS_ALLOWED_ORIGINS replaces them");
		}
		else {
			log.info("No browser may call this service from another origin: set TALES_CORS_ALLOWED_ORIGINS");
		}
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
				HttpHeaders.IF_NONE_MATCH, HttpHeaders.RANGE));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.LINK, HttpHeaders.RETRY_AFTER,
				HttpHeaders.ETAG, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.CONTENT_RANGE));
		cors.setAllowCredentials(true);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	/**
	 * Spring Security's chain uses the filter of this name for {@code cors()}: Spring's
	 * own, whose refusals are problems rather than a plain-text "Invalid CORS request".
	 */
	@Bean
	CorsFilter corsFilter(CorsConfigurationSource corsConfigurationSource, ProblemWriter problems) {
		CorsFilter filter = new CorsFilter(corsConfigurationSource);
		filter.setCorsProcessor(new ProblemCorsProcessor(problems));
		return filter;
	}

	/** It runs in the security chain only, not a second time as a filter of its own. */
	@Bean
	FilterRegistrationBean<CorsFilter> corsFilterRegistration(CorsFilter corsFilter) {
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
		registration.setEnabled(false);
		return registration;
	}

	private static boolean isLoopback(@Nullable InetAddress address) {
		return address != null && address.isLoopbackAddress();
	}

	/**
	 * 401 and 403 as problem responses. The {@code WWW-Authenticate} header (RFC 6750)
	 * comes from Spring Security's bearer-token entry point; the body names no library
	 * and no key. A token that cannot be checked right now (the project's JWKS
	 * unreachable) is a 503 with {@code Retry-After}, as when the database is
	 * unreachable: the client's token may well be fine.
	 */
	static final class ProblemAuthenticationEntryPoint
			implements org.springframework.security.web.AuthenticationEntryPoint, AccessDeniedHandler,
			AuthenticationFailureHandler {

		private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

		private final AccessDeniedHandler denied = new AccessDeniedHandlerImpl();

		private final ProblemWriter problems;

		ProblemAuthenticationEntryPoint(ProblemWriter problems) {
			this.problems = problems;
		}

		@Override
		public void commence(HttpServletRequest request, HttpServletResponse response,
				AuthenticationException exception) throws IOException {
			this.bearer.commence(request, response, exception);
			boolean missing = request.getHeader(HttpHeaders.AUTHORIZATION) == null;
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED,
					missing ? "This endpoint needs a Supabase access token: Authorization: Bearer <token>"
							: "The access token is invalid or expired");
		}

		@Override
		public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
				AuthenticationException exception) throws IOException {
			if (!(exception instanceof AuthenticationServiceException)) {
				commence(request, response, exception);
				return;
			}
			log.warn("{} {}: the access token could not be verified ({})", request.getMethod(), request.getRequestURI(),
					exception.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, ProblemWriter.RETRY_AFTER_SECONDS);
			this.problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"Access tokens cannot be verified right now; try again shortly");
		}

		@Override
		public void handle(HttpServletRequest request, HttpServletResponse response,
				org.springframework.security.access.AccessDeniedException exception) throws IOException {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, "Not allowed for this token");
		}

	}

}
