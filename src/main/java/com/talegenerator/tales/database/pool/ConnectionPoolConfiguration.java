package com.talegenerator.tales.database.pool;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pool Boot makes from {@code spring.datasource.hikari.*}, its connections handed out
 * first come, first served ({@link FirstComeFirstServedDataSource}), as many as it holds
 * and with its own connection timeout.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionPoolConfiguration {

	@Bean
	static BeanPostProcessor firstComeFirstServedConnections() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource pool) {
					return new FirstComeFirstServedDataSource(pool, pool.getMaximumPoolSize(),
							Duration.ofMillis(pool.getConnectionTimeout()));
				}
				return bean;
			}

		};
	}

}
