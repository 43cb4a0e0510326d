import { ConcurrencyGates, type Admission } from '../../../src/http/concurrency-gates';

type Admitted = Extract<Admission, { admitted: true }>;

async function admitted(promise: Promise<Admission>): Promise<Admitted> {
  const admission = await promise;
  if (!admission.admitted) throw new Error(`expected admission, got ${admission.reason}`);
  return admission;
}

/** Resolves what has settled so far without waiting for what has not. */
async function settledSoFar<T>(promises: Promise<T>[]): Promise<Array<T | 'pending'>> {
  const pending = Symbol('pending');
  const marker = new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending)));
  return Promise.all(promises.map(async (p) => ((await Promise.race([p, marker])) === pending ? 'pending' : ((await p) as T))));
}

describe('ConcurrencyGates', () => {
  afterEach(() => jest.useRealTimers());

  it('admits up to the in-flight bound at once, then makes the next requests wait', async () => {
    const gates = new ConcurrencyGates({ inFlight: 2, maxWaiting: 10, maxWaitMs: 60_000 });
    await admitted(gates.acquire('a'));
    await admitted(gates.acquire('a'));
    const third = gates.acquire('a');
    expect(await settledSoFar([third])).toEqual(['pending']);
    expect(gates.load('a')).toEqual({ running: 2, waiting: 1 });
  });

  it('hands a released slot to the first waiter, in arrival order', async () => {
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 10, maxWaitMs: 60_000 });
    const first = await admitted(gates.acquire('a'));
    const order: string[] = [];
    const second = gates.acquire('a').then((admission) => (order.push('second'), admission));
    const third = gates.acquire('a').then((admission) => (order.push('third'), admission));
    first.release();
    const secondAdmission = await admitted(second);
    expect(order).toEqual(['second']);
    expect(gates.load('a')).toEqual({ running: 1, waiting: 1 });
    secondAdmission.release();
    (await admitted(third)).release();
    expect(order).toEqual(['second', 'third']);
    expect(gates.size).toBe(0);
  });

  it('keeps keys apart: one busy key does not hold another back', async () => {
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 10, maxWaitMs: 60_000 });
    await admitted(gates.acquire('busy'));
    const waiting = gates.acquire('busy');
    const other = await gates.acquire('quiet');
    expect(other.admitted).toBe(true);
    expect(await settledSoFar([waiting])).toEqual(['pending']);
  });

  it('refuses at once when the waiting queue is full, and changes nothing', async () => {
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 1, maxWaitMs: 60_000 });
    await admitted(gates.acquire('a'));
    void gates.acquire('a');
    expect(await gates.acquire('a')).toEqual({ admitted: false, reason: 'queue full' });
    expect(gates.load('a')).toEqual({ running: 1, waiting: 1 });
  });

  it('refuses a request that waited too long and takes it out of the queue', async () => {
    jest.useFakeTimers();
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 5, maxWaitMs: 1_000 });
    const first = await admitted(gates.acquire('a'));
    const waiting = gates.acquire('a');
    jest.advanceTimersByTime(999);
    expect(gates.load('a').waiting).toBe(1);
    jest.advanceTimersByTime(1);
    expect(await waiting).toEqual({ admitted: false, reason: 'waited too long' });
    expect(gates.load('a')).toEqual({ running: 1, waiting: 0 });
    first.release();
    expect(gates.size).toBe(0);
  });

  it('takes a request whose caller went away out of the queue: the next turn goes to the one behind it', async () => {
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 5, maxWaitMs: 60_000 });
    const first = await admitted(gates.acquire('a'));
    const gone = new AbortController();
    const abandoned = gates.acquire('a', gone.signal);
    const behind = gates.acquire('a');
    gone.abort();
    expect(await abandoned).toEqual({ admitted: false, reason: 'caller gone' });
    expect(gates.load('a')).toEqual({ running: 1, waiting: 1 });
    first.release();
    (await admitted(behind)).release();
    expect(gates.size).toBe(0);
    // Already gone when it arrives: refused without queueing.
    await admitted(gates.acquire('b'));
    expect(await gates.acquire('b', AbortSignal.abort())).toEqual({ admitted: false, reason: 'caller gone' });
    expect(gates.load('b')).toEqual({ running: 1, waiting: 0 });
  });

  it('counts a release once however often it is called, and forgets idle keys', async () => {
    const gates = new ConcurrencyGates({ inFlight: 2, maxWaiting: 5, maxWaitMs: 60_000 });
    const one = await admitted(gates.acquire('a'));
    const two = await admitted(gates.acquire('a'));
    one.release();
    one.release();
    expect(gates.load('a')).toEqual({ running: 1, waiting: 0 });
    two.release();
    expect(gates.size).toBe(0);
  });

  it('keeps memory to the keys in progress, however many keys it has seen (hostile key names included)', async () => {
    const gates = new ConcurrencyGates({ inFlight: 1, maxWaiting: 1, maxWaitMs: 60_000 });
    for (const key of ['__proto__', 'constructor', 'toString', ...Array.from({ length: 1000 }, (_, i) => `k${i}`)]) {
      (await admitted(gates.acquire(key))).release();
    }
    expect(gates.size).toBe(0);
    expect(({} as Record<string, unknown>).running).toBeUndefined();
  });

  it('refuses settings that could never admit a request', () => {
    expect(() => new ConcurrencyGates({ inFlight: 0, maxWaiting: 1, maxWaitMs: 1 })).toThrow(/at least one/);
    expect(() => new ConcurrencyGates({ inFlight: 1, maxWaiting: -1, maxWaitMs: 1 })).toThrow(/non-negative/);
  });
});
