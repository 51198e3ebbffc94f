package com.talegenerator.tales;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages and what each may use. Each module names its allowed dependencies in its
 * {@code package-info.java} ({@code @ApplicationModule(allowedDependencies = …)}; the
 * table is in docs/architecture.md), and Spring Modulith fails the build on any other
 * dependency, on a cycle, or on a use of another module's internals.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(TalesApplication.class);

	@Test
	void modulesDependOnlyOnWhatTheyDeclare() {
		MODULES.verify();
	}

	/** A new package cannot skip the list: without one, Modulith would allow anything. */
	@Test
	void everyModuleDeclaresItsAllowedDependencies() {
		assertThat(MODULES.stream()).allSatisfy((module) -> {
			Package root = Class.forName(module.getBasePackage().getName() + ".package-info").getPackage();
			assertThat(root.getAnnotation(ApplicationModule.class))
				.as("@ApplicationModule of %s", module.getIdentifier())
				.isNotNull();
		});
	}

}
