package com.talegenerator.tales.storage;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Local storage is used unless a Supabase URL is configured. */
class LocalStorageCondition extends SpringBootCondition {

	static final String SUPABASE_URL_PROPERTY = "tales.storage.supabase.url";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty(SUPABASE_URL_PROPERTY))
				? ConditionOutcome.noMatch("Supabase Storage is configured")
				: ConditionOutcome.match("no Supabase URL: local storage");
	}

}
