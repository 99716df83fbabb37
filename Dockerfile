# Builds and runs flashsale: the web page with Node 24 (an LTS line in support), the service with a JDK 21; it
# runs as an unprivileged user, and the container reports itself healthy by the liveness probe.
FROM node:24-bookworm-slim AS web
WORKDIR /web
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend/ ./
RUN npm run build

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
COPY --from=web /web/dist frontend/dist
RUN ./mvnw -B -DskipTests -Dfrontend.skip=true package

FROM eclipse-temurin:21-jre
RUN useradd --system --create-home --uid 10001 flashsale
WORKDIR /app
COPY --from=build /src/target/flashsale.jar /app/flashsale.jar
USER flashsale
# where the local issuer keeps its key; a named volume mounted here takes this directory's owner
RUN mkdir -p /home/flashsale/.flashsale
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health/liveness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/flashsale.jar"]
