package com.talegenerator.tales.database.pool;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
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

	/**
	 * {@code tales_db_pool_waiting}: requests queued for a connection. They wait here,
	 * before Hikari, so Hikari's own {@code hikaricp_connections_pending} stays near zero
	 * however long the queue.
	 */
	@Bean
	MeterBinder connectionQueueMetrics(ObjectProvider<DataSource> dataSources) {
		return (registry) -> dataSources.orderedStream().forEach((dataSource) -> {
			if (dataSource instanceof FirstComeFirstServedDataSource queue) {
				Gauge.builder("tales.db.pool.waiting", queue, FirstComeFirstServedDataSource::waiting)
					.description("Requests waiting, first come first served, for a database connection")
					.register(registry);
			}
		});
	}

}
