# syntax=docker/dockerfile:1

# --- build: the Maven wrapper and JDK 17, as on a developer's machine -----------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
# Maven and the dependencies first: this layer is rebuilt only when the pom or the wrapper
# changes, not on every code change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY db/ db/
# The fat jar is split into Spring Boot's layers (150 MB of dependencies, most of it the
# embedded PostgreSQL binaries, versus a few hundred KB of our own classes), so a code
# change ships a small image layer. tales.jar finds its libraries in lib/ beside it.
RUN ./mvnw -B -DskipTests package \
 && cp target/tales-service-*.jar tales.jar \
 && java -Djarmode=tools -jar tales.jar extract --layers --destination extracted

# --- runtime: Java 25 runs the Java 17 bytecode, and starts from its AOT cache (below) ------
FROM eclipse-temurin:25-jre
# curl for the HEALTHCHECK; a system user that owns nothing but the data directory.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin tales \
 && mkdir -p /app/data /app/aot \
 && chown tales:tales /app/data /app/aot
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Local storage (when SUPABASE_URL is not set) keeps audio files under /app/data/storage:
# mount a volume there. The database is always external in a container: set
# SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD.
ENV TALES_DATA_DIR=/app/data
# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001

# Start-up: a training run loads and links the classes a start needs, and JDK 25 keeps them
# in an AOT cache (JEP 483/514) that every start maps instead of reading and verifying the
# jars again. The service starts on a throw-away embedded database (PostgreSQL will not run
# as root, hence after USER) and exits once its context is refreshed (Spring Boot's
# spring.context.exit). The cache needs the extracted layout (plain jars, as copied above)
# and the same java options as the ENTRYPOINT.
RUN TALES_DATA_DIR=/tmp/training java -XX:MaxRAMPercentage=75 -XX:AOTCacheOutput=/app/aot/tales.aot \
      -Dspring.context.exit=onRefresh -jar /app/tales.jar \
 && rm -rf /tmp/training
# 8080: the API; 9090: GET /metrics for Prometheus (TALES_MANAGEMENT_PORT), never on 8080
EXPOSE 8080 9090

# Liveness only: /livez does not check the database, so an outage there does not get the
# container restarted (it cannot be mended by a restart); /readyz and /health tell the rest.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8080}/livez" || exit 1

# Exec form: java is PID 1 and gets the SIGTERM itself, so graceful shutdown runs
# (TALES_SHUTDOWN_TIMEOUT, 30s by default; give the container a longer stop timeout).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:AOTCache=/app/aot/tales.aot", "-jar", "/app/tales.jar"]
