import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The engine ceiling's workflow: an entity that answers an update without doing anything. */
export const noopUpdate = defineUpdate<number, [number]>('noop');

export async function benchNoop(): Promise<void> {
  let done = false;
  setHandler(noopUpdate, (n) => {
    done = n < 0;
    return n;
  });
  await condition(() => done);
}
