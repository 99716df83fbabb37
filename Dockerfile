# Builds and runs flashsale: the web page with Node 20, the service with a JDK 21.
FROM node:20-bookworm-slim AS web
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
WORKDIR /app
COPY --from=build /src/target/flashsale.jar /app/flashsale.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/flashsale.jar"]
