/** A thin client of the admin API for the support CLI; failures carry the API's one-line reason. */
export class AdminApiError extends Error {}

export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/admin${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      throw new AdminApiError(`cannot reach ${this.baseUrl} (${(error as Error).message}); is the service running?`);
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const message = (json as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText;
      throw new AdminApiError(`${response.status}: ${message}`);
    }
    return json as T;
  }

  /** Forwards a codec call to the service's /codec with the admin token; the answer is relayed as is. */
  async codec(direction: 'encode' | 'decode', body: Buffer, namespace: string): Promise<{ status: number; body: string }> {
    try {
      const response = await fetch(`${this.baseUrl}/codec/${direction}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.token}`,
          'Content-Type': 'application/json',
          ...(namespace ? { 'X-Namespace': namespace } : {}),
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      return {
        status: 502,
        body: JSON.stringify({
          error: { status: 502, code: 'unreachable', message: `cannot reach ${this.baseUrl}: ${(error as Error).message}` },
        }),
      };
    }
  }
}
