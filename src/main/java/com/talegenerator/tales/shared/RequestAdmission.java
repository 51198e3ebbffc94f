package com.talegenerator.tales.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many API requests are worked on at once ({@link RequestAdmissionFilter}).
 *
 * @param maxConcurrent requests worked on at once; by default one per database connection
 * of the pool
 * @param maxWait how long a request waits for its turn before it is answered 503; by
 * default the pool's own connection timeout
 */
@ConfigurationProperties("tales.http.admission")
record RequestAdmission(int maxConcurrent, Duration maxWait) {

	RequestAdmission {
		if (maxConcurrent < 1) {
			throw new InvalidSettingException(
					"tales.http.admission.max-concurrent must be at least 1, not " + maxConcurrent);
		}
		if (maxWait.isNegative()) {
			throw new InvalidSettingException("tales.http.admission.max-wait must not be negative, not " + maxWait);
		}
	}

}
