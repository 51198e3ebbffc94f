package com.talegenerator.tales.web.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem written onto a raw response is byte for byte the one Spring MVC writes for
 * the advice, from the application's JSON mapper: the same members, properly escaped, as
 * {@code application/problem+json} with its length.
 */
class ProblemWriterTests {

	private final JsonMapper json = applicationJsonMapper();

	private final ProblemWriter writer = new ProblemWriter(this.json);

	@Test
	void rendersTheJsonSpringMvcRendersForTheAdvice() throws IOException {
		ProblemDetail problem = ProblemWriter.problem(400, "child: give either childId or child, not both", "/stories");
		problem.setProperty("errors", List.of(new FieldMessage("child", "give either childId or child, not both")));
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.writer.write(response, problem);

		MockHttpOutputMessage mvc = new MockHttpOutputMessage();
		new JacksonJsonHttpMessageConverter(this.json).write(problem, MediaType.APPLICATION_PROBLEM_JSON, mvc);
		assertThat(response.getContentAsByteArray()).isEqualTo(mvc.getBodyAsBytes());
		JsonNode body = this.json.readTree(response.getContentAsByteArray());
		assertThat(body.get("type").asString()).isEqualTo("about:blank");
		assertThat(body.get("title").asString()).isEqualTo("Bad Request");
		assertThat(body.get("status").asInt()).isEqualTo(400);
		assertThat(body.get("instance").asString()).isEqualTo("/stories");
		assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("child");
		assertThat(body.has("properties")).isFalse();
	}

	@Test
	void setsStatusContentTypeAndLengthAndKeepsTheHeadersSetBefore() throws IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/children");
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");

		this.writer.write(request, response, HttpStatus.UNAUTHORIZED, "The access token is invalid or expired");

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/problem+json");
		assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		JsonNode body = this.json.readTree(response.getContentAsByteArray());
		assertThat(body.get("detail").asString()).isEqualTo("The access token is invalid or expired");
		assertThat(body.get("instance").asString()).isEqualTo("/children");
	}

	@Test
	void escapesWhatADetailQuotes() throws IOException {
		String detail = "The origin \"http://a.example\\\" may not call this API\n\u0001</script> – Жила-была 🦊";
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.writer.write(new MockHttpServletRequest("OPTIONS", "/stories"), response, HttpStatus.FORBIDDEN, detail);

		String raw = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
		assertThat(raw).doesNotContain("\n").doesNotContain("\u0001").contains("\\\"http://a.example\\\\\\\"");
		assertThat(this.json.readTree(raw).get("detail").asString()).isEqualTo(detail);
	}

	@Test
	void answersTomcatsRefusalsWithTheSameMembers() throws IOException {
		MockHttpServletResponse refused = new MockHttpServletResponse();
		MockHttpServletResponse unknown = new MockHttpServletResponse();

		this.writer.write(refused, ProblemErrorReportValve.problem(400, "/children/a b\"%zz%41"));
		this.writer.write(unknown, ProblemErrorReportValve.problem(499, null));

		JsonNode body = this.json.readTree(refused.getContentAsByteArray());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
		assertThat(body.get("title").asString()).isEqualTo("Bad Request");
		assertThat(body.get("detail").asString()).isEqualTo("The request could not be read");
		assertThat(body.get("instance").asString()).isEqualTo("/children/a%20b%22%25zz%41");
		JsonNode other = this.json.readTree(unknown.getContentAsByteArray());
		assertThat(other.get("title").asString()).isEqualTo("Error");
		assertThat(other.get("status").asInt()).isEqualTo(499);
		assertThat(other.get("detail").asString()).isEqualTo("The request was refused");
		assertThat(other.get("instance").asString()).isEqualTo("/");
	}

	/** The mapper as Boot configures it for the application, problem mix-in included. */
	private static JsonMapper applicationJsonMapper() {
		JsonMapper[] mapper = new JsonMapper[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.run((context) -> mapper[0] = context.getBean(JsonMapper.class));
		return mapper[0];
	}

}
