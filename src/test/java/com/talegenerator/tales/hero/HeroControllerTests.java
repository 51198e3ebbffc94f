package com.talegenerator.tales.hero;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talegenerator.tales.paging.KeysetPage;
import com.talegenerator.tales.storage.MediaLinks;
import com.talegenerator.tales.storage.ObjectStorage;
import com.talegenerator.tales.storage.TestMediaLinks;
import com.talegenerator.tales.web.json.ApiJsonRules;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
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
 * How {@code /heroes} maps to {@link HeroService}, with the service mocked: status,
 * {@code Location}, problems and field selection. Reading bodies follows the API's JSON
 * rules ({@link ApiJsonRules}, imported); security's filters are left out, since who may
 * see or change a hero is the service's to decide. Heroes become responses as in the
 * service ({@link HeroResponses}), with storage mocked: these heroes have no portrait to
 * sign.
 */
@WebMvcTest(HeroController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({ ApiJsonRules.class, HeroResponses.class, HeroControllerTests.Media.class })
class HeroControllerTests {

	private static final String HERO = "{\"name\":\"Captain Kite\",\"gender\":\"boy\",\"appearance\":\"tall\","
			+ "\"personalityTraits\":[\"brave\"],\"language\":\"en\"}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private HeroService heroes;

	@MockitoBean
	private ObjectStorage storage;

	@Test
	void createsAHeroAndSaysWhereItIs() {
		Hero hero = captainKite();
		given(this.heroes.create(any())).willReturn(hero);

		assertThat(this.mvc.post().uri("/heroes").contentType(MediaType.APPLICATION_JSON).content(HERO))
			.hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "http://localhost/heroes/" + hero.id())
			.bodyJson()
			.isLenientlyEqualTo("{\"id\":\"" + hero.id() + "\",\"name\":\"Captain Kite\",\"language\":\"en\","
					+ "\"personalityTraits\":[\"brave\"]}");
	}

	@Test
	void answersAnUnknownHeroWithA404Problem() {
		UUID id = UUID.randomUUID();
		given(this.heroes.get(id)).willThrow(new HeroNotFoundException(id));

		MvcTestResult result = this.mvc.get().uri("/heroes/{id}", id).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
	}

	@Test
	void refusesAnInvalidHeroWithA400ProblemNamingEachField() {
		assertThat(this.mvc.post()
			.uri("/heroes")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Captain Kite\",\"gender\":\"boy\",\"appearance\":\"\",\"language\":\"english\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("appearance", "language");
		verifyNoInteractions(this.heroes);
	}

	@Test
	void listsOnlyTheFieldsAskedFor() {
		UUID id = UUID.randomUUID();
		given(this.heroes.list(isNull(), eq("en"), any(), eq(List.of("id", "name"))))
			.willReturn(new KeysetPage<>(List.of(Map.of("id", id, "name", "Captain Kite")), null));

		assertThat(this.mvc.get().uri("/heroes?language=en&fields=id,name")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[{\"id\":\"" + id + "\",\"name\":\"Captain Kite\"}]");
	}

	@Test
	void refusesAFieldHeroesDoNotHave() {
		assertThat(this.mvc.get().uri("/heroes?fields=id,power")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("fields");
		verifyNoInteractions(this.heroes);
	}

	private static Hero captainKite() {
		Instant now = Instant.parse("2026-01-02T03:04:05Z");
		return new Hero(UUID.randomUUID(), null, "Captain Kite", "boy", "tall", List.of("brave"), List.of(), List.of(),
				"en", null, now, now);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Media {

		@Bean
		MediaLinks mediaLinks(ObjectStorage storage) {
			return TestMediaLinks.signed(storage);
		}

	}

}
