export interface ConcurrencyGateOptions {
  /** Requests of one key that run at once; the rest wait their turn. */
  inFlight: number;
  /** Requests of one key that may wait; one more is refused at once. */
  maxWaiting: number;
  /** How long a request waits for its turn before it is refused. */
  maxWaitMs: number;
}

export type Admission =
  { admitted: true; release: () => void } | { admitted: false; reason: 'queue full' | 'waited too long' | 'caller gone' };

interface Waiter {
  admit: (release: () => void) => void;
  refuse: (reason: 'waited too long' | 'caller gone') => void;
  timer: NodeJS.Timeout;
}

interface Gate {
  running: number;
  waiting: Waiter[];
}

/**
 * A counting semaphore per key with a bounded FIFO of waiters. A gate exists only while one of its
 * key's requests runs or waits, so memory is bounded by the requests in progress, not by the
 * number of keys ever seen. A finished request hands its slot straight to the first waiter, so
 * arrival order is kept and a later arrival cannot overtake.
 */
export class ConcurrencyGates {
  private readonly gates = new Map<string, Gate>();

  constructor(private readonly options: ConcurrencyGateOptions) {
    if (!(options.inFlight >= 1) || !(options.maxWaiting >= 0) || !(options.maxWaitMs >= 0)) {
      throw new Error('A concurrency gate needs at least one request in flight and non-negative waiting bounds');
    }
  }

  /**
   * Admits at once, or queues. `abandoned` (the caller's connection closed) takes a waiting request
   * out of the queue, so a turn is never spent on a request nobody waits for any more.
   */
  acquire(key: string, abandoned?: AbortSignal): Promise<Admission> {
    const gate = this.gates.get(key) ?? { running: 0, waiting: [] };
    this.gates.set(key, gate);
    if (gate.running < this.options.inFlight) {
      gate.running += 1;
      return Promise.resolve({ admitted: true, release: this.releaser(key, gate) });
    }
    if (gate.waiting.length >= this.options.maxWaiting) return Promise.resolve({ admitted: false, reason: 'queue full' });
    if (abandoned?.aborted) return Promise.resolve({ admitted: false, reason: 'caller gone' });
    return new Promise<Admission>((resolve) => {
      const leave = (reason: 'waited too long' | 'caller gone') => {
        const index = gate.waiting.indexOf(waiter);
        if (index < 0) return;
        gate.waiting.splice(index, 1);
        waiter.refuse(reason);
      };
      const onAbandoned = () => leave('caller gone');
      const waiter: Waiter = {
        admit: (release) => {
          abandoned?.removeEventListener('abort', onAbandoned);
          resolve({ admitted: true, release });
        },
        refuse: (reason) => {
          clearTimeout(waiter.timer);
          abandoned?.removeEventListener('abort', onAbandoned);
          if (gate.running === 0 && gate.waiting.length === 0) this.gates.delete(key);
          resolve({ admitted: false, reason });
        },
        timer: setTimeout(() => leave('waited too long'), this.options.maxWaitMs),
      };
      // A waiting request does not keep a stopping process alive; the server's close ends it.
      waiter.timer.unref();
      abandoned?.addEventListener('abort', onAbandoned, { once: true });
      gate.waiting.push(waiter);
    });
  }

  /** Keys with a request running or waiting. */
  get size(): number {
    return this.gates.size;
  }

  /** Requests of `key` running now and waiting now. */
  load(key: string): { running: number; waiting: number } {
    const gate = this.gates.get(key);
    return { running: gate?.running ?? 0, waiting: gate?.waiting.length ?? 0 };
  }

  private releaser(key: string, gate: Gate): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = gate.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit(this.releaser(key, gate));
        return;
      }
      gate.running -= 1;
      if (gate.running === 0) this.gates.delete(key);
    };
  }
}
