package com.talegenerator.tales.web.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} in place of the Host's error report valve, so that
 * the requests Tomcat refuses itself get a problem response too, not an HTML page. The
 * valve runs outside the application; the customizer hands it the {@link ProblemWriter}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemConfiguration {

	@Bean
	ProblemErrorReports problemErrorReports(ProblemWriter problems) {
		return new ProblemErrorReports(problems);
	}

	/**
	 * Runs after Boot's own customizer, which adds a plain {@link ErrorReportValve} to
	 * the Host (with {@code server.error.include-stacktrace=never}); that one is
	 * replaced.
	 */
	static final class ProblemErrorReports
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		private final ProblemWriter problems;

		ProblemErrorReports(ProblemWriter problems) {
			this.problems = problems;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> replaceErrorReportValve(context.getParent()));
		}

		private void replaceErrorReportValve(Container host) {
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ProblemErrorReportValve(this.problems));
			if (host instanceof StandardHost standardHost) {
				// otherwise the Host adds Tomcat's default one when it starts
				standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
