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
WORKDIR /app
COPY --from=build /out /app
ENTRYPOINT ["node", "/app/dist/main.js"]
