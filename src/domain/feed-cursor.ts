import { RequestRejected } from './request-rejected';

/**
 * The events feed's cursor: a position in the audit log, (writing transaction id, row id), made
 * opaque (base64url) so clients pass it back rather than build it. Decoding is strict and bounded:
 * anything else is a 400, never a query.
 */
export interface FeedPosition {
  /** xid8 as decimal text (up to 2^64). */
  tx: string;
  id: string;
}

export const FEED_START: FeedPosition = { tx: '0', id: '0' };

export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`v1:${position.tx}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const text = cursor.length <= 80 && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^v1:(\d{1,20}):(\d{1,19})$/.exec(text);
  if (!match || BigInt(match[1]!) > 2n ** 64n - 1n || BigInt(match[2]!) > 2n ** 63n - 1n) {
    throw new RequestRejected(400, 'invalid_request', 'after: not a cursor this feed returned (pass back `next` as it is)');
  }
  return { tx: match[1]!, id: match[2]! };
}
