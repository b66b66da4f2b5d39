# syntax=docker/dockerfile:1.7
# One image per app from one file: docker build --build-arg APP=order --target app -t ticket-saga/order .
# The build stage compiles every workspace once; the app stage keeps one app's production
# dependencies and compiled code, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:22.12.0-bookworm-slim

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
RUN npx tsc -b packages/contracts packages/service-kit apps/order apps/orchestrator apps/inventory apps/payment && \
    for app in order orchestrator inventory payment; do mkdir -p "apps/$app/public"; done

FROM ${NODE_IMAGE} AS app
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/service-kit/package.json packages/service-kit/
COPY apps/${APP}/package.json apps/${APP}/
RUN test -n "$APP" || (echo "build with --build-arg APP=order|orchestrator|inventory|payment" && exit 1) && \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace "apps/${APP}" --workspace packages/contracts --workspace packages/service-kit && \
    npm cache clean --force
COPY --from=build /src/packages/contracts/dist packages/contracts/dist
COPY --from=build /src/packages/service-kit/dist packages/service-kit/dist
COPY --from=build /src/apps/${APP}/dist apps/${APP}/dist
# Static files (the orchestrator's dashboard); empty for the other apps.
COPY --from=build /src/apps/${APP}/public apps/${APP}/public
USER node
EXPOSE 8080
CMD ["sh", "-c", "exec node --enable-source-maps apps/${APP}/dist/main.js"]
