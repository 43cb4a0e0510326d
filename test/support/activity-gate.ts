import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * Holds one activity type's executions for one directory until released: the change has passed
 * the API's authentication and reached the worker, but its transaction has not begun. Every
 * execution that arrives while the gate is armed waits, so a retry cannot slip past it either.
 */
export class ActivityGate {
  private armed?: { activityType: string; directoryId: string; released: Promise<void>; onHeld: (args: unknown) => void };
  private heldNow = 0;

  /** Executions held since the gate was last armed. */
  get heldCount(): number {
    return this.heldNow;
  }

  readonly interceptor: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      execute: async (input, next) => {
        const armed = this.armed;
        const args = input.args[0] as { directoryId?: unknown } | undefined;
        if (armed && ctx.info.activityType === armed.activityType && args?.directoryId === armed.directoryId) {
          this.heldNow += 1;
          armed.onHeld(args);
          await armed.released;
        }
        return next(input);
      },
    },
  });

  /** Arms the gate; `held` resolves with the first held input, `release` lets every held one go on. */
  arm(activityType: string, directoryId: string): { held: Promise<unknown>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let onHeld!: (args: unknown) => void;
    const held = new Promise<unknown>((resolve) => (onHeld = resolve));
    this.armed = { activityType, directoryId, released, onHeld };
    this.heldNow = 0;
    return {
      held,
      release: () => {
        this.armed = undefined;
        release();
      },
    };
  }
}
