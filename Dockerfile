# One image for every Orquesta process; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY gateway/package.json gateway/
COPY platform/package.json platform/
COPY bench/package.json bench/
COPY web/package.json web/
COPY shared/money/package.json shared/money/
COPY shared/db/package.json shared/db/
COPY shared/events/package.json shared/events/
COPY shared/context/package.json shared/context/
COPY shared/graphql/package.json shared/graphql/
COPY shared/testing/package.json shared/testing/
COPY shared/ledger/package.json shared/ledger/
COPY shared/ratelimit/package.json shared/ratelimit/
COPY subgraphs/accounts/package.json subgraphs/accounts/
COPY subgraphs/payments/package.json subgraphs/payments/
COPY subgraphs/agents/package.json subgraphs/agents/
COPY subgraphs/streams/package.json subgraphs/streams/
COPY subgraphs/treasury/package.json subgraphs/treasury/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web
ENV NODE_ENV=production HOST=0.0.0.0
CMD ["node", "dist/platform/src/main.js"]
