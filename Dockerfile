# syntax=docker/dockerfile:1
# rte's image: one image for every role (`serve`, `ingress`, `worker`, `usage`, `doctor`, …).
# Written for node:26-trixie-slim, the Node.js LTS line ("lithium") on Debian 13 in November 2026.
# Build: docker build -t rte .    Run: docker run --init -e ANTHROPIC_API_KEY -e REDIS_URL -p 3000:3000 rte
ARG NODE_IMAGE=node:26-trixie-slim

# Stage 1: compile TypeScript with the dev dependencies (typescript, @types/node).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Stage 2: only what runs: production dependencies, the compiled code and the persona.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# The heap, sized by measurement (docs/performance.md): a worker streaming 1,000 answers keeps about 120 MB
# live, but V8 sizes its heap to the host and collects lazily, so its RSS grew past 500 MB. A fixed limit
# makes it collect sooner. The main thread's young generation is 16 MB (8 MB semi-spaces; Node's default is
# 32 MB): at 1,000 answers it allocates about 8 MB a second, and the model thread's larger young generation
# (src/llm/thread-heap-limits.ts) takes the RSS this saves. `npm start` and `npm run bench` use the same
# flags. Override NODE_OPTIONS to change.
ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=8"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
# The official image's unprivileged user. rte writes nothing to disk when REDIS_URL is set.
USER node
# The HTTP server of every role: /slack/events, /healthz, /readyz, /metrics. Set PORT to move it.
EXPOSE 3000
# Liveness only (/readyz would restart a healthy process whenever Redis blinks). The slim image has no curl,
# so Node's own fetch does the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# rte stops on SIGTERM: ingress first, then answers in flight finish or go back to the queue, within 30 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
