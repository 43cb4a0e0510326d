# One image for both production roles: `api` (src/api.ts) and `worker` (src/worker.ts).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# Issue 9, second wall against prototype pollution: `__proto__` accessors throw in every Node
# process started from the image, including commands that override CMD (docker-compose's worker).
# Set after `npm ci`, so dependency install scripts run as they always did.
ENV NODE_OPTIONS=--disable-proto=throw
USER node
EXPOSE 3000
CMD ["node", "--disable-proto=throw", "--import", "tsx", "src/api.ts"]
