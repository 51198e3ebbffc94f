package com.talegenerator.tales.child;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.web.json.ApiJsonRules;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How {@code /children} maps to {@link ChildService}, with the service mocked: status,
 * {@code Location}, problems and field selection. Reading bodies follows the API's JSON
 * rules ({@link ApiJsonRules}, imported); security's filters are left out, since who may
 * see a child is the service's to decide.
 */
@WebMvcTest(ChildController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(ApiJsonRules.class)
class ChildControllerTests {

	private static final String ALICE = "{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"kites\"]}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ChildService children;

	@Test
	void createsAChildAndSaysWhereItIs() {
		Child alice = alice();
		given(this.children.create(any())).willReturn(alice);

		assertThat(this.mvc.post().uri("/children").contentType(MediaType.APPLICATION_JSON).content(ALICE))
			.hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "http://localhost/children/" + alice.id())
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"id\":\"" + alice.id() + "\",\"name\":\"Alice\",\"age\":6,\"interests\":[\"kites\"]}");
	}

	@Test
	void answersAnUnknownChildWithA404Problem() {
		UUID id = UUID.randomUUID();
		given(this.children.get(id)).willThrow(new ChildNotFoundException(id));

		MvcTestResult result = this.mvc.get().uri("/children/{id}", id).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
	}

	@Test
	void refusesAnInvalidChildWithA400ProblemNamingEachField() {
		assertThat(this.mvc.post()
			.uri("/children")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\" \",\"age\":19,\"gender\":\"girl\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("name", "age");
		verifyNoInteractions(this.children);
	}

	@Test
	void listsOnlyTheFieldsAskedFor() {
		UUID id = UUID.randomUUID();
		given(this.children.list(isNull(), any(), eq(List.of("id", "name"))))
			.willReturn(new KeysetPage<>(List.of(Map.of("id", id, "name", "Alice")), null));

		assertThat(this.mvc.get().uri("/children?fields=id,name")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[{\"id\":\"" + id + "\",\"name\":\"Alice\"}]");
	}

	@Test
	void refusesAFieldChildrenDoNotHave() {
		assertThat(this.mvc.get().uri("/children?fields=id,nickname")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("fields");
		verifyNoInteractions(this.children);
	}

	private static Child alice() {
		Instant now = Instant.parse("2026-01-02T03:04:05Z");
		return new Child(UUID.randomUUID(), null, "Alice", 6, "girl", List.of("kites"), now, now);
	}

}
