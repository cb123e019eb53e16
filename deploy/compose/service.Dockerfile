# One image shape for every service; SERVICE names the folder under apps/.
FROM node:20-bookworm-slim
ARG SERVICE
ENV SERVICE=${SERVICE}
WORKDIR /app
# Reporting embeds CJK fonts in its PDF and DOCX documents (the same packages deploy/local/fonts.sh installs).
RUN if [ "$SERVICE" = reporting ]; then \
      apt-get update && apt-get install -y --no-install-recommends fonts-arphic-uming fonts-wqy-zenhei \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
COPY tsconfig.base.json tsconfig.json ./
# Services run TypeScript through @swc-node/register (a dev dependency), so dev dependencies stay.
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
USER node
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${SERVICE}/src/main.ts"]
