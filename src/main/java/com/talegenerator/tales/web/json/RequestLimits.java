package com.talegenerator.tales.web.json;

import com.talegenerator.tales.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send, so that no request, however built, costs the service
 * more than a bounded amount of memory and time. Going over one is the client's error:
 * 413 for the body size, 400 for the shape of the JSON.
 *
 * @param maxJsonBody the largest JSON request body accepted
 * @param maxJsonDepth the deepest nesting of JSON objects and arrays accepted, counting
 * the body itself as 1; Jackson's own default (500) would let a small body make deep
 * recursion in the parser, in databind and in PostgreSQL's jsonb input
 * @param maxJsonStringLength the longest JSON string (in characters) accepted; Jackson's
 * own default is 100 million
 */
@ConfigurationProperties("tales.http")
record RequestLimits(@DefaultValue("5MB") DataSize maxJsonBody, @DefaultValue("64") int maxJsonDepth,
		@DefaultValue("1000000") int maxJsonStringLength) {

	RequestLimits {
		if (maxJsonBody.toBytes() < 1) {
			throw new InvalidSettingException("tales.http.max-json-body must be positive, not " + maxJsonBody);
		}
		if (maxJsonDepth < 1) {
			throw new InvalidSettingException("tales.http.max-json-depth must be at least 1, not " + maxJsonDepth);
		}
		if (maxJsonStringLength < 1) {
			throw new InvalidSettingException(
					"tales.http.max-json-string-length must be at least 1, not " + maxJsonStringLength);
		}
	}

}
