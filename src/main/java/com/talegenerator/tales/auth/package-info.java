/**
 * Who is calling: Supabase session tokens verified as an OAuth2 resource server, the
 * back-office (service_role), CORS, and the {@link com.talegenerator.tales.auth.Caller}
 * every feature scopes its rows by.
 */
@ApplicationModule(allowedDependencies = { "database", "settings", "web :: problem" })
@NullMarked
package com.talegenerator.tales.auth;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
