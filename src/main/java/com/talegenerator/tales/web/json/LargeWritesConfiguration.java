package com.talegenerator.tales.web.json;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat writes a response to its socket in pieces of at most its socket buffer, 8 KB by
 * default: a page of 50 stories (about 180 KB) took two dozen system calls, each waking
 * the client, and those writes were a fifth of the service's CPU on the benchmark's list
 * page. With {@value SizedJsonHttpMessageConverter#STREAM_BUFFER_BYTES} bytes, six writes
 * carry it (the response buffer is raised to match when a body streams). Not more: the
 * socket buffer is held by every open connection, and at 64 KB the old generation filled
 * with the buffers of closed keep-alive connections (peak RSS +70 MB in the benchmark).
 */
@Configuration(proxyBeanMethods = false)
class LargeWritesConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> largeSocketWrites() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setProperty("socket.appWriteBufSize",
					Integer.toString(SizedJsonHttpMessageConverter.STREAM_BUFFER_BYTES)));
	}

}
