import type { Logger } from '../infra/logger';

/** Runs the steps in order on SIGINT/SIGTERM, once; a second signal exits at once. */
export function onShutdown(logger: Logger, steps: Array<() => Promise<unknown>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.error('shutdown step failed', { error: String(error) });
      }
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
