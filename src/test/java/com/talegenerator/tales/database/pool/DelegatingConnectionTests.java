package com.talegenerator.tales.database.pool;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call of the JDBC connection reaches the target, as that call, with its arguments.
 */
class DelegatingConnectionTests {

	@Test
	void passesEveryCallToTheTargetAsItIs() throws Exception {
		List<String> received = new ArrayList<>();
		Connection target = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					received.add(describe(method, arguments));
					return defaultValue(method.getReturnType());
				});
		Connection connection = new DelegatingConnection(target) {

			@Override
			public void close() {
			}

		};

		List<String> called = new ArrayList<>();
		for (Method method : Connection.class.getMethods()) {
			if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getName().equals("close")) {
				continue;
			}
			Object[] arguments = Arrays.stream(method.getParameterTypes())
				.map(DelegatingConnectionTests::sample)
				.toArray();
			method.invoke(connection, arguments);
			called.add(describe(method, arguments));
		}

		assertThat(called).hasSizeGreaterThan(50);
		assertThat(received).containsExactlyElementsOf(called);
	}

	private static String describe(Method method, Object[] arguments) {
		return method.getName() + Arrays.toString(method.getParameterTypes())
				+ Arrays.deepToString((arguments != null) ? arguments : new Object[0]);
	}

	/** A value per parameter type that tells the parameters apart. */
	private static Object sample(Class<?> type) {
		if (type == int.class) {
			return 7;
		}
		if (type == boolean.class) {
			return true;
		}
		if (type == String.class) {
			return "text";
		}
		if (type == Class.class) {
			return Connection.class;
		}
		if (type == int[].class) {
			return new int[] { 1, 2 };
		}
		if (type == String[].class) {
			return new String[] { "a", "b" };
		}
		if (type == Object[].class) {
			return new Object[] { "x" };
		}
		return null;
	}

	private static Object defaultValue(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		return null;
	}

}
