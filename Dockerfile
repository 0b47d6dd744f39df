# The `dl` CLI as an image (used by docker-compose.yml's ingest service).
# Node 24 is an LTS line (supported to April 2028) and the newest one CI tests (.ci/node24-unit.sh).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Build: every dependency, the TypeScript build (pnpm install's postinstall), then a copy of the
#    cli with only its production dependencies and the built workspace packages it uses.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npx -y pnpm@10.34.8 install --frozen-lockfile \
 && npx -y pnpm@10.34.8 --filter @dl/cli deploy --prod --legacy /out

# 2. Run: that copy alone (no sources, compilers, test tools or lockfile). It stays root, as before:
#    Compose bind-mounts ./ingestion_data, which Docker creates root-owned when it is missing.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# glibc's malloc raises its mmap threshold to the size of each large block freed (up to 32 MB), so
# after the first flush every Arrow buffer below that comes from the heap and its pages stay
# resident. A fixed 128 KB threshold: 305-314 MB peak RSS for a 1M-order `dl ingest --once` against
# 335-371 MB, at the same speed. bin/dl sets the same two for every dl run outside the image
# (bench/ingest.mjs measures dl ingest with and without them).
ENV MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /out /app
# V8's helper threads sized to the container's cores less one, instead of four: what bin/dl does for
# `dl ingest`, the command this image runs (compose's ingest service); bin/dl says what it measured.
ENTRYPOINT ["node", "--v8-pool-size=0", "/app/dist/main.js"]
