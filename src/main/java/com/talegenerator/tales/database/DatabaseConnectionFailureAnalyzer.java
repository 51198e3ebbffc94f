package com.talegenerator.tales.database;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * A database that cannot be reached or refuses the credentials at start-up is a setting
 * to fix, not a stack trace to read: one line naming the database and what it said.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		String state = String.valueOf(cause.getSQLState());
		// 08: no connection; 28: credentials refused; 3D000: no such database
		if (!state.startsWith("08") && !state.startsWith("28") && !state.equals("3D000")) {
			return null;
		}
		String url = String.valueOf(this.environment.getProperty("spring.datasource.url")).replaceFirst("\\?.*", "");
		String user = this.environment.getProperty("spring.datasource.username", "(none)");
		return new FailureAnalysis(
				"Could not connect to the database " + url + " as " + user + ": " + firstLine(cause.getMessage()),
				"Check DATABASE_URL (or SPRING_DATASOURCE_URL, _USERNAME, _PASSWORD) and that the database is "
						+ "reachable from here.",
				cause);
	}

	private static String firstLine(String message) {
		return (message != null) ? message.lines().findFirst().orElse(message) : "no reason given";
	}

}
