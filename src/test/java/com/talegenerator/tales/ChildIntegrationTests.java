package com.talegenerator.tales;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ChildIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsAndReadsAChild() {
		HttpApi.Response created = this.api.post("/children",
				"{\"name\":\"Alice\",\"age\":6,\"gender\":\"girl\",\"interests\":[\"dragons\",\"space\"]}");
		assertThat(created.status()).isEqualTo(201);
		JsonNode child = created.json();
		String id = child.get("id").asString();
		assertThat(created.header("Location")).hasValue(this.api.base() + "/children/" + id);
		assertThat(child.get("interests").toString()).isEqualTo("[\"dragons\",\"space\"]");

		HttpApi.Response read = this.api.get("/children/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(child);
	}

}
