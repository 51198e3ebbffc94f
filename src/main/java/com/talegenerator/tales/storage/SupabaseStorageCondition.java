package com.talegenerator.tales.storage;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Supabase Storage is used when its URL is configured; the opposite of local storage. */
class SupabaseStorageCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionOutcome local = new LocalStorageCondition().getMatchOutcome(context, metadata);
		return new ConditionOutcome(!local.isMatch(), local.getConditionMessage());
	}

}
