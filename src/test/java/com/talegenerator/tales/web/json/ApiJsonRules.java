package com.talegenerator.tales.web.json;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API's JSON rules for a {@code @WebMvcTest} slice, which leaves out the project's
 * own configuration classes: strict reading and the read limits of {@code tales.http}
 * ({@link JsonConfiguration}, {@link RequestLimits}), so that a controller reads a body
 * as the whole service does. The problem advice needs no import: a slice takes every
 * {@code @ControllerAdvice}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(JsonConfiguration.class)
@EnableConfigurationProperties(RequestLimits.class)
public class ApiJsonRules {

}
