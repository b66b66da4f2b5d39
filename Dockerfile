# syntax=docker/dockerfile:1.7
# One image per app from one file: docker build --build-arg APP=order --target app -t ticket-saga-order .
# The build stage installs every workspace and compiles the shared packages once; the app stage
# keeps one app's production dependencies and compiled code, and runs as the unprivileged `node`
# user. The dev stage (used by Tilt) keeps the sources and the compiler for live update.
# Same Node major as the tests (package.json engines, CI), pinned by digest: the tag moves with
# every Node and Debian patch. Builds that cannot reach a registry pass NODE_IMAGE (see
# scripts/install/containers.sh).
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/service-kit/package.json packages/service-kit/
COPY apps/order/package.json apps/order/
COPY apps/orchestrator/package.json apps/orchestrator/
COPY apps/inventory/package.json apps/inventory/
COPY apps/payment/package.json apps/payment/
COPY tools/stack/package.json tools/stack/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
COPY apps apps
RUN npx tsc -b packages/contracts packages/service-kit && \
    for app in order orchestrator inventory payment; do mkdir -p "apps/$app/public"; done

# Only APP is compiled: Tilt leaves the other apps' sources out of each image's context, so that
# editing one app does not rebuild the other three.
FROM build AS compiled
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=order|orchestrator|inventory|payment" && exit 1) && \
    npx tsc -b "apps/${APP}"

FROM compiled AS dev
ARG APP
ENV NODE_ENV=production APP=${APP}
# Live update writes synced sources and tsc output here, as the pod's uid 1000.
RUN chown -R node:node apps packages
USER node
EXPOSE 8080
# Restarts the app when tsc (run by Tilt's live update) rewrites its compiled code, and ends with it.
COPY --chown=node:node tools/dev/run.mjs tools/dev/run.mjs
CMD ["sh", "-c", "exec node tools/dev/run.mjs apps/${APP}/dist/main.js apps/${APP}/dist packages/contracts/dist packages/service-kit/dist"]

FROM ${NODE_IMAGE} AS app
ARG APP
# Checked before the first COPY that needs APP, so a missing build arg is reported as such.
RUN test -n "$APP" || (echo "build with --build-arg APP=order|orchestrator|inventory|payment" && exit 1)
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/service-kit/package.json packages/service-kit/
COPY apps/${APP}/package.json apps/${APP}/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace "apps/${APP}" --workspace packages/contracts --workspace packages/service-kit && \
    npm cache clean --force
COPY --from=compiled /src/packages/contracts/dist packages/contracts/dist
COPY --from=compiled /src/packages/service-kit/dist packages/service-kit/dist
COPY --from=compiled /src/apps/${APP}/dist apps/${APP}/dist
# Static files (the orchestrator's dashboard); empty for the other apps.
COPY --from=compiled /src/apps/${APP}/public apps/${APP}/public
USER node
EXPOSE 8080
CMD ["sh", "-c", "exec node --enable-source-maps apps/${APP}/dist/main.js"]
