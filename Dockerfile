# psa-ephemeral as a validating admission webhook image: `psa-ephemeral serve [flags]`.
# Build:  docker build -t psa-ephemeral:0.1.0 .
# Stages: build (npm ci + tsc), deps (production node_modules only), runtime (distroless, non-root).

ARG NODE_IMAGE=node:20-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsconfig.build.json also includes conformance/, scripts/, e2e/ and bench/: they are not copied
# (see .dockerignore), so only src/ is compiled.
RUN npx tsc -p tsconfig.build.json

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
# package.json carries "type": "module", which the compiled ESM needs.
COPY --from=build /src/package.json ./package.json
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
# distroless "nonroot": numeric so that runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 8443
# serve runs one worker per core the container may use (its CPU limit); --workers N overrides.
# --max-semi-space-size=4: src/cli/runtime.ts (serveNodeFlags) says why; a test keeps the two equal.
ENTRYPOINT ["/nodejs/bin/node", "--max-semi-space-size=4", "/app/dist/src/cli/main.js", "serve"]
