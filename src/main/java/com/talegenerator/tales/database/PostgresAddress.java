package com.talegenerator.tales.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.jspecify.annotations.Nullable;

/**
 * Where a PostgreSQL database is, read from either form users have: the connection string
 * the Supabase dashboard shows ({@code postgresql://user:password@host:port/database}) or
 * a JDBC URL ({@code jdbc:postgresql://host:port/database?…}).
 *
 * @param host the server's host name or address
 * @param port its port
 * @param database the database name
 * @param username the user, when the connection string names one
 * @param password the password, when the connection string has one
 * @param parameters the query parameters, in order
 */
record PostgresAddress(String host, int port, String database, @Nullable String username, @Nullable String password,
		Map<String, String> parameters) {

	/**
	 * Supabase's pooler (Supavisor) and its dedicated PgBouncer run transaction mode
	 * here.
	 */
	static final int TRANSACTION_POOLER_PORT = 6543;

	/** Direct connections and the session pooler. */
	static final int SESSION_PORT = 5432;

	private static final Set<String> INSECURE_SSL_MODES = Set.of("disable", "allow", "prefer");

	/**
	 * Reads a dashboard connection string.
	 * @param setting the setting it came from, named in errors (never its value: it holds
	 * a password)
	 */
	static PostgresAddress fromConnectionString(String setting, String connectionString) {
		URI uri = parse(setting, connectionString.strip(), "postgresql://user:password@host:5432/postgres");
		if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
			throw new InvalidSettingException(setting + " must start with postgresql:// (the connection string "
					+ "of the Supabase dashboard, e.g. postgresql://user:password@host:5432/postgres)");
		}
		String username = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] userInfo = uri.getRawUserInfo().split(":", 2);
			username = decode(userInfo[0]);
			password = (userInfo.length > 1) ? decode(userInfo[1]) : null;
		}
		return of(setting, uri, username, password);
	}

	/**
	 * Reads a single-host JDBC URL; {@code null} for other forms (several hosts), left as
	 * they are.
	 */
	static @Nullable PostgresAddress fromJdbcUrl(String setting, String jdbcUrl) {
		if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
			throw new InvalidSettingException(
					setting + " must be a PostgreSQL JDBC URL such as " + "jdbc:postgresql://host:5432/postgres");
		}
		String rest = jdbcUrl.substring("jdbc:".length());
		String authority = rest.substring("postgresql://".length()).split("[/?]", 2)[0];
		if (authority.contains(",")) {
			return null;
		}
		return of(setting, parse(setting, rest, "jdbc:postgresql://host:5432/postgres"), null, null);
	}

	private static PostgresAddress of(String setting, URI uri, @Nullable String username, @Nullable String password) {
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new InvalidSettingException(setting + " has no host name");
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String database = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
		if (database.isEmpty() || database.contains("/")) {
			throw new InvalidSettingException(setting + " must name one database after the host, e.g. .../postgres");
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				if (!pair.isEmpty()) {
					String[] keyValue = pair.split("=", 2);
					parameters.put(decode(keyValue[0]), (keyValue.length > 1) ? decode(keyValue[1]) : "");
				}
			}
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : SESSION_PORT;
		return new PostgresAddress(uri.getHost(), port, database, username, password, Map.copyOf(parameters));
	}

	private static URI parse(String setting, String value, String example) {
		try {
			return new URI(value);
		}
		catch (URISyntaxException ex) {
			// the value is not repeated: it may hold a password
			throw new InvalidSettingException(setting + " is not a valid URL (expected " + example
					+ "; percent-encode special characters in the password, e.g. @ as %40)");
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Loopback, or a single-label name such as a compose service ({@code db}): a host
	 * only a private network can reach, where TLS is not required.
	 */
	boolean isLocal() {
		String name = this.host.startsWith("[") ? this.host.substring(1, this.host.length() - 1) : this.host;
		return name.equals("localhost") || name.startsWith("127.") || name.equals("::1")
				|| (!name.contains(".") && !name.contains(":"));
	}

	/**
	 * Port 6543: transaction mode, where named prepared statements and session state
	 * break.
	 */
	boolean isTransactionPooler() {
		return this.port == TRANSACTION_POOLER_PORT;
	}

	/**
	 * This address with TLS required when the host is not local: {@code sslmode=require}
	 * unless a mode that does verify is set.
	 * @throws InvalidSettingException if the setting turns TLS off for a remote host
	 */
	PostgresAddress requireTls(String setting) {
		if (isLocal() || "true".equals(this.parameters.get("ssl"))) {
			return this;
		}
		String sslMode = this.parameters.get("sslmode");
		if (sslMode == null) {
			return withParameter("sslmode", "require");
		}
		if (INSECURE_SSL_MODES.contains(sslMode)) {
			throw new InvalidSettingException(setting + " sets sslmode=" + sslMode + " for the remote host " + this.host
					+ ": TLS is required (use sslmode=require or verify-full)");
		}
		return this;
	}

	PostgresAddress withParameter(String name, String value) {
		Map<String, String> parameters = new LinkedHashMap<>(this.parameters);
		parameters.putIfAbsent(name, value);
		return new PostgresAddress(this.host, this.port, this.database, this.username, this.password,
				Map.copyOf(parameters));
	}

	PostgresAddress withoutParameter(String name) {
		Map<String, String> parameters = new LinkedHashMap<>(this.parameters);
		parameters.remove(name);
		return new PostgresAddress(this.host, this.port, this.database, this.username, this.password,
				Map.copyOf(parameters));
	}

	PostgresAddress withPort(int port) {
		return new PostgresAddress(this.host, port, this.database, this.username, this.password, this.parameters);
	}

	/** The JDBC URL, without user and password (pgjdbc takes those as properties). */
	String jdbcUrl() {
		String query = this.parameters.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + encode(this.database)
				+ (query.isEmpty() ? "" : "?" + query);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public String toString() {
		// never the password
		return this.host + ":" + this.port + "/" + this.database;
	}

}
