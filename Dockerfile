# The `dl` CLI as an image (used by docker-compose.yml's ingest service).
FROM node:20.19-bookworm-slim
WORKDIR /app
COPY . .
RUN npx -y pnpm@10.34.8 install --frozen-lockfile
ENTRYPOINT ["node", "/app/bin/dl"]
