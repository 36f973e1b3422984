# syntax=docker/dockerfile:1
# Vizora's image, built from the repository's root (docker-compose.yml does this):
#   docker build -f deploy/docker/vizora.Dockerfile -t vizora .
# 1. web: the web apps (Node 20; Debian 12 has only 18).
# 2. build: the server, with the Debian 12 -dev packages scripts/install-deps names.
# 3. the image: debian:12-slim plus the binary, media-helper (beside it: images, videos and
#    PDFs are decoded there) and exactly the libraries and data files they load
#    (runtime-files.sh), run as an unprivileged user. Configuration comes from
#    VIZORA_* variables (docs/OPERATIONS.md); state lives in PostgreSQL, Redis and S3.

FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY web/ web/
RUN npm --prefix web ci --no-audit --no-fund && npm --prefix web run build

FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkgconf curl ca-certificates \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev \
      libboost-program-options1.81-dev libsqlite3-dev libpq-dev libhiredis-dev \
      libsodium-dev libssl-dev libjwt-dev libvips-dev libavformat-dev libavcodec-dev \
      libswscale-dev libavutil-dev libpoppler-cpp-dev libqrencode-dev libmagic-dev \
      libxml2-dev libcurl4-openssl-dev libhowardhinnant-date-dev libseccomp-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake --preset release -DBUILD_BENCH=OFF >/dev/null \
    && cmake --build --preset release --target vizora media-helper \
    && install -D --strip -t /opt/vizora/bin build/bin/vizora build/bin/media-helper \
    && deploy/docker/runtime-files.sh /runtime /opt/vizora/bin/vizora /opt/vizora/bin/media-helper \
       /usr/bin/curl
COPY --from=web /src/web/dashboard/dist /runtime/opt/vizora/web/dashboard/dist
COPY --from=web /src/web/player/dist /runtime/opt/vizora/web/player/dist

FROM debian:12-slim
COPY --from=build /runtime/ /
RUN groupadd --system --gid 10001 vizora \
    && useradd --system --uid 10001 --gid vizora --home-dir /var/lib/vizora vizora \
    && install -d -o vizora -g vizora /var/lib/vizora
ENV PATH=/opt/vizora/bin:$PATH \
    VIZORA_LISTEN=0.0.0.0:8080 \
    VIZORA_DATA=/var/lib/vizora \
    VIZORA_WEB=/opt/vizora/web
WORKDIR /var/lib/vizora
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
# SIGTERM drains: stops accepting, finishes requests, closes sockets with 1001, within 10 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["vizora"]
CMD ["serve"]
