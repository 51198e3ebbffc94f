package com.talegenerator.tales;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * The tales service: children, heroes and stories of the Tale Generator, kept in
 * PostgreSQL and served over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = { "web", "paging", "database", "settings" })
public class TalesApplication {

	public static void main(String[] args) {
		SpringApplication.run(TalesApplication.class, args);
	}

}
