package com.talegenerator.tales.storage;

import java.io.IOException;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Each request to Supabase Storage as an observation: timed in
 * {@code tales_storage_requests_seconds} by operation and outcome, and, in the request's
 * trace, sent with a {@code traceparent} header so Storage's own logs join the trace.
 * Micrometer's tracing handler writes the header into the request while the observation
 * starts (a sender context's carrier is the request being built).
 */
final class StorageObservationInterceptor implements Interceptor {

	static final String NAME = "tales.storage.requests";

	private final ObservationRegistry registry;

	StorageObservationInterceptor(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		StorageOperation operation = request.tag(StorageOperation.class);
		String label = (operation != null) ? operation.label() : "other";
		Request.Builder carrier = request.newBuilder();
		RequestReplySenderContext<Request.Builder, Response> context = new RequestReplySenderContext<>(
				(builder, name, value) -> {
					if (builder != null) {
						builder.header(name, value);
					}
				});
		context.setCarrier(carrier);
		context.setRemoteServiceName("supabase-storage");
		context.setRemoteServiceAddress(request.url().scheme() + "://" + request.url().host());
		Observation observation = Observation.createNotStarted(NAME, () -> context, this.registry)
			.contextualName("storage " + label)
			.lowCardinalityKeyValue("operation", label)
			.start();
		try {
			Response response = chain.proceed(carrier.build());
			context.setResponse(response);
			observation.lowCardinalityKeyValues(KeyValues.of("outcome", outcome(response.code())));
			return response;
		}
		catch (IOException | RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "UNREACHABLE");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** The outcome label, as Spring's HTTP client metrics name them. */
	private static String outcome(int status) {
		if (status >= 500) {
			return "SERVER_ERROR";
		}
		if (status >= 400) {
			return "CLIENT_ERROR";
		}
		return (status >= 200 && status < 300) ? "SUCCESS" : "UNKNOWN";
	}

}
