package com.talegenerator.tales.web.json;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's connector gets a socket write buffer as large as a streaming body's buffer.
 */
class LargeWritesConfigurationTests {

	@Test
	void givesTheConnectorASocketWriteBufferOfTheStreamingSize() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new LargeWritesConfiguration().largeSocketWrites().customize(factory);
		Connector connector = new Connector();

		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));

		assertThat(connector.getProperty("socket.appWriteBufSize"))
			.hasToString(String.valueOf(SizedJsonHttpMessageConverter.STREAM_BUFFER_BYTES));
	}

}
