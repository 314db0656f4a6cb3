# Parley on the embedded SQLite store. better-sqlite3 compiles from source when no prebuilt binary fits.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
# `npm install`, not `npm ci`: the lock file npm 11 writes leaves out other platforms' optional packages
# (@swc/core-darwin-…), and `npm ci` refuses it as out of sync (see .ci/run).
RUN npm install --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared shared
COPY server server
COPY flows flows
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data PORT=3000 HOST=0.0.0.0
COPY --from=build /app /app
VOLUME /data
EXPOSE 3000
CMD ["node", "server/dist/index.js"]
