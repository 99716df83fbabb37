import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, type App } from 'vue';
import { usePolling, type Polling, type PollingOptions } from './usePolling';

/** A request the test answers when it wants to. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Mounts a component that polls with `task`; returns the app (to unmount) and its Polling. */
function mountPolling(task: () => Promise<void>, options: PollingOptions): { app: App; polling: Polling } {
  let polling!: Polling;
  const app = createApp(
    defineComponent({
      setup() {
        polling = usePolling(task, options);
        return () => null;
      },
    }),
  );
  app.mount(document.createElement('div'));
  return { app, polling };
}

let visibility: DocumentVisibilityState = 'visible';

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('usePolling', () => {
  it('asks at once on mount, then intervalMs after each answer', async () => {
    const task = vi.fn(() => Promise.resolve());
    const { app } = mountPolling(task, { intervalMs: 1000 });
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(5);
    app.unmount();
  });

  it('never starts a request while the previous one is under way', async () => {
    const answers: ReturnType<typeof deferred>[] = [];
    const task = vi.fn(() => {
      const answer = deferred();
      answers.push(answer);
      return answer.promise;
    });
    const { app, polling } = mountPolling(task, { intervalMs: 1000 });
    expect(task).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(30_000); // a very slow service
    void polling.refresh(); // nor on demand
    expect(task).toHaveBeenCalledTimes(1);

    answers[0].resolve();
    await vi.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(1); // the pause counts from the answer
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    app.unmount();
  });

  it('keeps polling after a failed request', async () => {
    const task = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(undefined);
    const { app } = mountPolling(task, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(task).toHaveBeenCalledTimes(3);
    app.unmount();
  });

  it('stops on unmount, even with a request under way', async () => {
    const answer = deferred();
    const task = vi.fn(() => answer.promise);
    const { app } = mountPolling(task, { intervalMs: 1000 });
    app.unmount();
    answer.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('stops on stop()', async () => {
    const task = vi.fn(() => Promise.resolve());
    const { app, polling } = mountPolling(task, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(2);
    polling.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await polling.refresh();
    expect(task).toHaveBeenCalledTimes(2);
    app.unmount();
  });

  it('pauses while the tab is hidden and asks at once when it shows again', async () => {
    const task = vi.fn(() => Promise.resolve());
    const { app } = mountPolling(task, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(1);
    setVisibility('visible');
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(3);
    app.unmount();
    setVisibility('hidden');
    setVisibility('visible');
    expect(task).toHaveBeenCalledTimes(3); // the listener left with the component
  });

  it('refresh() asks now, and shares a request already under way', async () => {
    const answer = deferred();
    const task = vi.fn().mockReturnValueOnce(answer.promise).mockResolvedValue(undefined);
    const { app, polling } = mountPolling(task, { intervalMs: 5000 });
    const during = polling.refresh();
    expect(task).toHaveBeenCalledTimes(1);
    answer.resolve();
    await during;
    await polling.refresh();
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4999);
    expect(task).toHaveBeenCalledTimes(2); // the refresh restarted the pause
    app.unmount();
  });
});
