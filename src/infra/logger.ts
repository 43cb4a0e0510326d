import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { currentLogContext } from './log-context';

/**
 * One JSON line per event (pino): `{"level":"info","time":"…","message":"…",…fields}`. The
 * service's own lines and the Temporal SDK's (routed in by temporal-runtime.ts) share the format;
 * lines logged inside a request carry its `requestId` (src/infra/log-context.ts).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LogOutput {
  /** Every line goes to this file instead of stderr (the embedded default's `DATA_DIR/dsync.log`). */
  file?: string;
  /** With `file`: copy the lines to stderr too. */
  alsoStderr?: boolean;
  /** Tests: receive each line instead. */
  write?: (line: string) => void;
}

export function createLogger(level: LogLevel, output: LogOutput | ((line: string) => void) = {}): Logger {
  const { file, alsoStderr, write } = typeof output === 'function' ? { write: output } : output;
  const streams: pino.StreamEntry[] = [];
  // Each stream at the logger's level: a multistream entry defaults to info and would drop debug lines.
  if (write) streams.push({ level, stream: { write: (line: string) => write(line.trimEnd()) } });
  else if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Opened here so the file is private (0600) from its first byte.
    streams.push({ level, stream: pino.destination({ fd: fs.openSync(file, 'a', 0o600), sync: false }) });
    if (alsoStderr) streams.push({ level, stream: pino.destination(2) });
  } else streams.push({ level, stream: pino.destination(2) });
  const base = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request id (and a write's workflow and update ids) of the unit of work the line is logged in.
      mixin: currentLogContext,
    },
    pino.multistream(streams),
  );
  const at =
    (name: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      base[name](fields, message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
