/**
 * Asks the API again and again, the one way every polling page does it: at once on mount, then
 * `intervalMs` after the previous answer (so requests never overlap, however slow the service is),
 * paused while the tab is hidden (one request at once when it shows again), stopped on unmount.
 */
import { getCurrentInstance, onBeforeUnmount, onMounted } from 'vue';

export interface PollingOptions {
  /** Pause between the end of one request and the start of the next. */
  intervalMs: number;
  /** Default true: no requests while the tab is hidden. */
  pauseWhileHidden?: boolean;
}

export interface Polling {
  /** Polls from now on (a component using it starts on mount). */
  start(): void;
  /** No request after this one; a request under way finishes but schedules nothing. */
  stop(): void;
  /** Asks now rather than at the next turn, unless a request is already under way. */
  refresh(): Promise<void>;
}

/**
 * `task` does one request and shows its result or its error itself; if it throws anyway,
 * the polling goes on.
 */
export function usePolling(task: () => Promise<void>, options: PollingOptions): Polling {
  const pauseWhileHidden = options.pauseWhileHidden ?? true;
  let running = false;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const hidden = () => pauseWhileHidden && document.visibilityState === 'hidden';

  function clear() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    clear();
    if (running && !hidden()) timer = setTimeout(() => void poll(), options.intervalMs);
  }

  function poll(): Promise<void> {
    if (!running) return Promise.resolve();
    if (inFlight) return inFlight;
    clear();
    inFlight = task()
      .catch(() => {
        // The task reports its own failures; the next turn tries again.
      })
      .finally(() => {
        inFlight = null;
        schedule();
      });
    return inFlight;
  }

  function onVisibilityChange() {
    if (hidden()) clear();
    else if (!inFlight) void poll();
  }

  function start() {
    if (running) return;
    running = true;
    if (pauseWhileHidden) document.addEventListener('visibilitychange', onVisibilityChange);
    void poll();
  }

  function stop() {
    running = false;
    clear();
    document.removeEventListener('visibilitychange', onVisibilityChange);
  }

  if (getCurrentInstance()) {
    onMounted(start);
    onBeforeUnmount(stop);
  }

  return { start, stop, refresh: poll };
}
