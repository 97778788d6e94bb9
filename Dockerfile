# syntax=docker/dockerfile:1
# Specwright: build with Maven on a JDK, run on a JRE as a non-root user.
#   docker build -t specwright .
#   docker run -p 3000:3000 -v specwright-data:/data specwright
# See docs/operations.md.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY app-manifest.yml ./
COPY src src
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:21-jre
# bubblewrap sandboxes agent commands; git is what they work on; curl is for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap git curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /home/specwright specwright \
 && mkdir -p /data \
 && chown specwright:specwright /data
COPY --from=build /src/target/specwright.jar /opt/specwright/specwright.jar
COPY playbooks /opt/specwright/playbooks
ENV SPECWRIGHT_DATA_DIR=/data \
    SPECWRIGHT_PLAYBOOKS=/opt/specwright/playbooks \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 3000
USER specwright
WORKDIR /home/specwright
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/specwright/specwright.jar"]
CMD ["serve"]
