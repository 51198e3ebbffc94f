package com.talegenerator.tales.database;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The one rule that picks the run mode: no {@code spring.datasource.url}, so the service
 * runs its own PostgreSQL.
 */
public class EmbeddedDatabaseCondition extends SpringBootCondition {

	/** Whether the service runs its own PostgreSQL: no {@code spring.datasource.url}. */
	public static boolean isEmbedded(Environment environment) {
		return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isEmbedded(context.getEnvironment())
				? ConditionOutcome.match("spring.datasource.url is not set: embedded PostgreSQL")
				: ConditionOutcome.noMatch("spring.datasource.url is set: external PostgreSQL");
	}

}
