package com.talegenerator.tales.web;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import com.talegenerator.tales.TalesApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ValueConstants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An optional query parameter or header says {@code required = false}, not only
 * {@code @Nullable}: Spring MVC finds out that a parameter is nullable by parsing the
 * method's parameter annotations again on every request that leaves it out, which the
 * benchmark's profile put at a tenth of a list request. {@code required = false} answers
 * that question before it is asked.
 */
class RequestParameterConventionsTests {

	@Test
	void marksEveryOptionalParameterNotRequired() throws ClassNotFoundException {
		List<String> nullableButRequired = new ArrayList<>();
		for (Method method : handlerMethods()) {
			for (Parameter parameter : method.getParameters()) {
				if (!parameter.isAnnotationPresent(Nullable.class)
						&& !parameter.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
					continue;
				}
				RequestParam param = parameter.getAnnotation(RequestParam.class);
				RequestHeader header = parameter.getAnnotation(RequestHeader.class);
				boolean required = (param != null && param.required()
						&& ValueConstants.DEFAULT_NONE.equals(param.defaultValue()))
						|| (header != null && header.required()
								&& ValueConstants.DEFAULT_NONE.equals(header.defaultValue()));
				if (required) {
					nullableButRequired.add(method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
							+ parameter.getName() + ")");
				}
			}
		}
		assertThat(nullableButRequired).isEmpty();
	}

	@Test
	void findsTheControllers() throws ClassNotFoundException {
		assertThat(handlerMethods()).extracting(Method::getName).contains("list", "get", "upload");
	}

	private static List<Method> handlerMethods() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		List<Method> methods = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(TalesApplication.class.getPackageName())) {
			Class<?> controller = ClassUtils.forName(candidate.getBeanClassName(), null);
			for (Method method : controller.getDeclaredMethods()) {
				if (AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
					methods.add(method);
				}
			}
		}
		return methods;
	}

}
