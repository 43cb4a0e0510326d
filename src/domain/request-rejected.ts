/**
 * A request refused for a reason the caller can fix (unknown account, directory already
 * connected, ...). The admin API renders it as `{error: {status, code, message}}`; it crosses
 * Temporal as `FAILURE_TYPE.requestRejected` (workflows/failure-types.ts).
 */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRejected';
  }

  toJSON(): { error: { status: number; code: string; message: string } } {
    return { error: { status: this.status, code: this.code, message: this.message } };
  }
}
