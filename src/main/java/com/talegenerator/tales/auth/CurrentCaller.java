package com.talegenerator.tales.auth;

import java.util.UUID;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The {@link Caller} of the current request, from its verified token; the back-office
 * when authentication is off.
 */
@Component
public class CurrentCaller {

	private final boolean authenticationEnabled;

	CurrentCaller(AuthMode mode) {
		this.authenticationEnabled = mode.enabled();
	}

	public Caller get() {
		if (!this.authenticationEnabled) {
			return Caller.BACK_OFFICE;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
			return of(jwt);
		}
		// every endpoint that reaches a feature requires a token; this is a bug, not a
		// client error
		throw new AuthenticationCredentialsNotFoundException("No verified token for this request");
	}

	/**
	 * A verified token's caller: the back-office for service_role, else the user
	 * {@code sub}.
	 */
	static Caller of(Jwt jwt) {
		// the claim itself, not getClaimAsString: that runs a conversion on every call
		if (SupabaseTokenValidator.SERVICE_ROLE.equals(jwt.getClaims().get("role"))) {
			return Caller.BACK_OFFICE;
		}
		return Caller.user(UUID.fromString(jwt.getSubject()));
	}

}
