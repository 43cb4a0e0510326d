# One image for both production roles: `api` (src/api.ts) and `worker` (src/worker.ts).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Issue 9, second wall against prototype pollution: `__proto__` accessors throw in every Node
# process of the image, including commands that override CMD (docker-compose's worker).
ENV NODE_OPTIONS=--disable-proto=throw
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
USER node
EXPOSE 3000
CMD ["node", "--disable-proto=throw", "--import", "tsx", "src/api.ts"]
