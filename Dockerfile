# syntax=docker/dockerfile:1
# Build: type-check the production sources and bundle them into dist/main.mjs (dev dependencies).
# Every stage is one Node major, the one the tests run on (test/unit/runtime.test.ts checks). With
# --ignore-scripts the `node` dev dependency fetches no binary: the image's own Node runs the build.
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Runtime dependencies only (oracledb runs in thin mode: no Oracle client libraries).
FROM node:26-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:26-slim
ENV NODE_ENV=production TZ=UTC PORT=8080
# A numeric user (the HMPPS convention, 2000:2000): the Cloud Platform sets runAsNonRoot without
# runAsUser, and Kubernetes refuses to start an image whose USER is a name it cannot check.
RUN groupadd --gid 2000 appuser && useradd --uid 2000 --gid 2000 --no-create-home --shell /usr/sbin/nologin appuser
WORKDIR /app
COPY --from=deps --chown=2000:2000 /app/node_modules ./node_modules
COPY --from=build --chown=2000:2000 /app/dist ./dist
COPY --chown=2000:2000 package.json ./
USER 2000:2000
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/liveness').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.mjs"]
