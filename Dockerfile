# syntax=docker/dockerfile:1
# The function as a container image: `image:` in a Kptfile, or the Argo CD plugin sidecar
# (deploy/argocd/). Reads a ResourceList on stdin, writes one on stdout; `render` and `snapshot`
# are its other commands. Runs as non-root and needs no shell (the runtime image has none).

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No lifecycle scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/ scripts/
COPY src/ src/
# The build reads the bundled example: it warms the code caches with renders of it.
COPY example/network.yaml example/render-calico.yaml example/
# The bundle carries yaml and zod; only the Kubernetes client (snapshot command) stays a
# runtime dependency, so prune everything else.
# The build script directly, not `npm run build`: release commits carry no npm scripts
# (scripts/release-commit.mjs), and the image builds from them too.
RUN node scripts/build.mjs && npm prune --omit=dev

FROM gcr.io/distroless/nodejs24-debian12:nonroot
# docker build --build-arg VERSION="$(node -p 'require("./package.json").version')" \
#   --build-arg SOURCE=https://github.com/<owner>/networking-calico-fn .
ARG VERSION=dev
ARG SOURCE=""
LABEL org.opencontainers.image.title="networking-calico-fn" \
      org.opencontainers.image.description="KRM function rendering Gardener's Calico CNI deployment from a Network resource" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE}"
WORKDIR /fn
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules/ ./node_modules/
COPY --from=build /src/dist/ ./dist/
# The V8 code caches of the bundle (src/fast-start/), written again by this image's own Node: V8
# takes a cache only from the exact version that wrote it, and the build stage's Node may differ.
# As root: the :nonroot base starts as uid 65532, and COPY left dist/ owned by root.
USER root
RUN ["/nodejs/bin/node", "/fn/dist/write-code-cache.mjs"]
USER nonroot
ENTRYPOINT ["/nodejs/bin/node", "/fn/dist/networking-calico-fn.cjs"]
