# Builds and runs flashsale: the web page with Node 24 (an LTS line in support), the service built with a JDK 21 and
# run on a JRE 25 from the extracted jar, with the JDK's AOT cache when one was recorded (deploy/docker-entrypoint.sh);
# it runs as an unprivileged user, and the container reports itself healthy by the liveness probe.
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

FROM eclipse-temurin:25-jre
RUN useradd --system --create-home --uid 10001 flashsale
WORKDIR /app
COPY --from=build /src/target/flashsale.jar /tmp/flashsale.jar
# the extracted layout: the AOT cache covers classes loaded from plain jars only
RUN java -Djarmode=tools -jar /tmp/flashsale.jar extract --destination /app && rm /tmp/flashsale.jar
COPY deploy/docker-entrypoint.sh /app/docker-entrypoint.sh
USER flashsale
# where the local issuer keeps its key, and where a recorded AOT cache lives; a named volume mounted on either takes
# the directory's owner
RUN mkdir -p /home/flashsale/.flashsale /home/flashsale/aot
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health/liveness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["/app/docker-entrypoint.sh"]
