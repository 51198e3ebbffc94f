package com.talegenerator.tales.database;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseConnectionFailureAnalyzerTests {

	private final DatabaseConnectionFailureAnalyzer analyzer = new DatabaseConnectionFailureAnalyzer(
			new MockEnvironment()
				.withProperty("spring.datasource.url", "jdbc:postgresql://db.example.com:5432/postgres?sslmode=require")
				.withProperty("spring.datasource.username", "postgres.ref"));

	@Test
	void namesTheDatabaseAndWhatItSaid() {
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway",
				new SQLException("FATAL: password authentication failed for user \"postgres.ref\"\nmore", "28P01")));

		assertThat(analysis.getDescription()).isEqualTo("Could not connect to the database "
				+ "jdbc:postgresql://db.example.com:5432/postgres as postgres.ref: "
				+ "FATAL: password authentication failed for user \"postgres.ref\"");
		assertThat(analysis.getAction()).contains("DATABASE_URL");
	}

	@Test
	void leavesOtherDatabaseErrorsToTheirOwnReport() {
		assertThat(this.analyzer.analyze(new SQLException("syntax error", "42601"))).isNull();
	}

}
