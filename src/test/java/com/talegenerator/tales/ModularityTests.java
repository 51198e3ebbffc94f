package com.talegenerator.tales;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	/**
	 * Features use each other's public services only, never another feature's internals.
	 */
	@Test
	void featuresDependOnlyOnEachOthersPublicApi() {
		ApplicationModules.of(TalesApplication.class).verify();
	}

}
