package com.talegenerator.tales.web.json;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes a {@link ResponseEntity} with a JSON body as Spring MVC answers one from a
 * controller: its status, its headers, and the body by the API's own JSON converter (the
 * same mapper, a {@code Content-Length} on small bodies, streaming past that). For a
 * handler that is not a controller method, so that its answers are the controllers' to
 * the byte. A bean of {@code JsonConfiguration}, whose converter Spring MVC writes with
 * too.
 */
public class JsonResponseWriter {

	private final SizedJsonHttpMessageConverter converter;

	JsonResponseWriter(JsonMapper mapper) {
		this.converter = new SizedJsonHttpMessageConverter(mapper);
	}

	/** The API's JSON converter, which Spring MVC's controllers are answered with too. */
	SizedJsonHttpMessageConverter converter() {
		return this.converter;
	}

	public void write(ResponseEntity<?> entity, HttpServletResponse response) throws IOException {
		ServletServerHttpResponse out = new ServletServerHttpResponse(response);
		out.setStatusCode(entity.getStatusCode());
		out.getHeaders().putAll(entity.getHeaders());
		this.converter.write(Objects.requireNonNull(entity.getBody(), "a JSON body"), MediaType.APPLICATION_JSON, out);
	}

}
