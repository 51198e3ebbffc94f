package com.talegenerator.tales.idempotency;

import java.util.UUID;

import com.talegenerator.tales.auth.Caller;
import org.jspecify.annotations.Nullable;

/**
 * A request that carries an {@code Idempotency-Key}.
 *
 * @param caller whose key it is: {@code user:{id}} or {@code back-office}
 * @param owner the family whose data the response holds, null for the back-office
 */
record IdempotentRequest(String caller, @Nullable UUID owner, String key, String method, String path) {

	static IdempotentRequest of(Caller caller, String key, String method, String path) {
		String scope = caller.backOffice() ? "back-office" : "user:" + caller.userId();
		return new IdempotentRequest(scope, caller.owner(), key, method, path);
	}

	boolean sameOperation(String method, String path) {
		return this.method.equals(method) && this.path.equals(path);
	}

}
