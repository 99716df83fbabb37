import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Checkout } from './api';
import {
  backoffDelay,
  CHECKOUTS_QUEUE,
  OPERATIONS_TOPIC,
  LiveSocket,
  socketUrl,
  statusOfEvent,
  watchCheckout,
  watchStock,
  type CheckoutUpdate,
  type StompClientConfig,
  type StompClientLike,
  type Timers,
} from './socket';

/** A STOMP client that does nothing until the test says the broker answered. */
class FakeStompClient implements StompClientLike {
  activated = false;
  deactivated = false;
  subscriptions = new Map<string, (message: { body: string }) => void>();
  constructor(readonly config: StompClientConfig) {}
  activate() {
    this.activated = true;
  }
  deactivate() {
    this.deactivated = true;
  }
  subscribe(destination: string, callback: (message: { body: string }) => void) {
    this.subscriptions.set(destination, callback);
    return { unsubscribe: () => this.subscriptions.delete(destination) };
  }
  // test controls
  connect() {
    this.config.onConnect();
  }
  lose(reason = 'closed') {
    this.config.onLost(reason);
  }
  push(destination: string, body: unknown) {
    this.subscriptions.get(destination)?.({ body: JSON.stringify(body) });
  }
}

const fakeTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

function setup(options: { token?: string | null; random?: () => number } = {}) {
  const clients: FakeStompClient[] = [];
  const socket = new LiveSocket({
    url: () => 'ws://shop.test/ws',
    token: () => (options.token === undefined ? 'tok' : options.token),
    createClient: (config) => {
      const client = new FakeStompClient(config);
      clients.push(client);
      return client;
    },
    timers: fakeTimers,
    random: options.random ?? (() => 1),
  });
  const last = () => clients[clients.length - 1];
  return { socket, clients, last };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('socketUrl', () => {
  it('matches the page scheme', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
    expect(socketUrl({ protocol: 'https:', host: 'shop.example' })).toBe('wss://shop.example/ws');
  });
});

describe('backoffDelay', () => {
  it('doubles from 500 ms and caps at 10 s', () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(i, undefined, () => 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('takes up to 30% off at random', () => {
    expect(backoffDelay(0, undefined, () => 0)).toBe(350);
    expect(backoffDelay(5, undefined, () => 0)).toBe(7000);
    expect(backoffDelay(1, undefined, () => 0.5)).toBe(850);
  });
});

describe('LiveSocket', () => {
  it('connects to /ws with the bearer token and subscribes to the user queue', () => {
    const { socket, last } = setup();
    const states: string[] = [];
    socket.onStateChange((s) => states.push(s));
    socket.start();
    expect(last().config.url).toBe('ws://shop.test/ws');
    expect(last().config.connectHeaders).toEqual({ Authorization: 'Bearer tok' });
    expect(last().activated).toBe(true);
    expect(socket.state).toBe('connecting');
    last().connect();
    expect(socket.connected).toBe(true);
    expect([...last().subscriptions.keys()]).toEqual([CHECKOUTS_QUEUE]);
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('does not connect without a token', () => {
    const { socket, clients } = setup({ token: null });
    socket.start();
    expect(clients).toHaveLength(0);
    expect(socket.state).toBe('idle');
  });

  it('reconnects with exponential backoff, capped, and resets after a success', () => {
    const { socket, clients, last } = setup();
    socket.start();
    last().lose();
    expect(socket.state).toBe('disconnected');

    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = clients.length;
      let waited = 0;
      while (clients.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      waits.push(waited);
      last().lose(); // the attempt fails straight away
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);

    vi.advanceTimersByTime(10_000);
    last().connect();
    expect(socket.connected).toBe(true);
    last().lose();
    const before = clients.length;
    vi.advanceTimersByTime(499);
    expect(clients.length).toBe(before);
    vi.advanceTimersByTime(1);
    expect(clients.length).toBe(before + 1);
  });

  it('ignores late callbacks from a client it already gave up on', () => {
    const { socket, clients } = setup();
    socket.start();
    clients[0].lose();
    vi.advanceTimersByTime(500);
    expect(clients).toHaveLength(2);
    clients[0].connect(); // stale
    expect(socket.connected).toBe(false);
    clients[1].connect();
    expect(socket.connected).toBe(true);
    clients[0].lose(); // stale
    expect(socket.connected).toBe(true);
  });

  it('stops reconnecting after stop()', () => {
    const { socket, clients, last } = setup();
    socket.start();
    last().lose();
    socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(clients).toHaveLength(1);
    expect(socket.state).toBe('idle');
  });

  it('re-subscribes stock topics after a reconnect and stops on unsubscribe', () => {
    const { socket, last } = setup();
    const seen: number[] = [];
    socket.start();
    last().connect();
    const off = socket.subscribeStock(7, (e) => seen.push(e.available));
    last().push('/topic/promotion-variants/7', { promotionVariantId: 7, available: 99 });
    last().lose();
    vi.advanceTimersByTime(500);
    last().connect();
    expect(last().subscriptions.has('/topic/promotion-variants/7')).toBe(true);
    last().push('/topic/promotion-variants/7', { promotionVariantId: 7, available: 98 });
    off();
    expect(last().subscriptions.has('/topic/promotion-variants/7')).toBe(false);
    expect(seen).toEqual([99, 98]);
  });

  it('hands the operators their live figures and unsubscribes when asked', () => {
    const { socket, last } = setup();
    const seen: number[] = [];
    socket.start();
    last().connect();
    const off = socket.subscribeOperations((f) => seen.push(f.acceptedPerSecond));
    expect(last().subscriptions.has(OPERATIONS_TOPIC)).toBe(true);
    last().push(OPERATIONS_TOPIC, { at: '2030-01-01T00:00:00Z', acceptedPerSecond: 42.5, refusedPerSecond: { SOLD_OUT: 3 } });
    off();
    expect(last().subscriptions.has(OPERATIONS_TOPIC)).toBe(false);
    expect(seen).toEqual([42.5]);
  });

  it('dispatches checkout events and remembers the latest per checkout', () => {
    const { socket, last } = setup();
    const events: string[] = [];
    socket.onCheckoutEvent((e) => events.push(e.type));
    socket.start();
    last().connect();
    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'c1', status: 'CHECKOUT', promotionVariantId: 1, expiresAt: null });
    expect(events).toEqual(['OrderChecked']);
    expect(socket.lastCheckoutEvent('c1')?.type).toBe('OrderChecked');
  });
});

describe('statusOfEvent', () => {
  it('maps every event type to its status', () => {
    expect(statusOfEvent({ type: 'OrderChecked', status: 'CHECKOUT' })).toBe('CHECKOUT');
    expect(statusOfEvent({ type: 'CheckoutConfirmed', status: 'CONFIRMED' })).toBe('CONFIRMED');
    expect(statusOfEvent({ type: 'CheckoutPaid', status: 'PAID' })).toBe('PAID');
    expect(statusOfEvent({ type: 'CheckoutExpired', status: 'EXPIRED' })).toBe('EXPIRED');
    expect(statusOfEvent({ type: 'CheckoutCancelled', status: 'CANCELLED' })).toBe('CANCELLED');
    expect(statusOfEvent({ type: 'CheckoutFailed', status: 'FAILED' })).toBe('FAILED');
  });
});

describe('watchCheckout', () => {
  function checkout(status: Checkout['status'], expiresAt: string | null = null): Checkout {
    return { checkoutId: 'c1', promotionVariantId: 1, quantity: 1, unitPrice: '10.00', status, expiresAt, createdAt: '2030-01-01T00:00:00Z' };
  }

  it('polls every 2 s while the socket is down', async () => {
    const { socket } = setup();
    socket.start();
    const fetchCheckout = vi.fn().mockResolvedValue(checkout('QUEUED'));
    const updates: CheckoutUpdate[] = [];
    watchCheckout('c1', (u) => updates.push(u), { socket, fetchCheckout, timers: fakeTimers });
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchCheckout).toHaveBeenCalledTimes(1); // at once
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchCheckout).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchCheckout).toHaveBeenCalledTimes(3);
    expect(updates.every((u) => u.source === 'poll' && u.status === 'QUEUED')).toBe(true);
  });

  it('relies on push while connected, and stops when final', async () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    const fetchCheckout = vi.fn().mockResolvedValue(checkout('QUEUED'));
    const statuses: string[] = [];
    const watcher = watchCheckout('c1', (u) => statuses.push(`${u.source}:${u.status}`), {
      socket,
      fetchCheckout,
      timers: fakeTimers,
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchCheckout).not.toHaveBeenCalled();

    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'other', status: 'CHECKOUT', promotionVariantId: 1, expiresAt: null });
    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'c1', status: 'CHECKOUT', promotionVariantId: 1, expiresAt: null });
    last().push(CHECKOUTS_QUEUE, { type: 'CheckoutExpired', checkoutId: 'c1', status: 'EXPIRED', promotionVariantId: 1, expiresAt: null });
    expect(statuses).toEqual(['push:CHECKOUT', 'push:EXPIRED']);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchCheckout).not.toHaveBeenCalled();
    watcher.stop();
  });

  it('falls back to polling when the socket drops, and catches up once on reconnect', async () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    const fetchCheckout = vi.fn().mockResolvedValue(checkout('CHECKOUT'));
    watchCheckout('c1', () => {}, { socket, fetchCheckout, timers: fakeTimers });
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchCheckout).toHaveBeenCalledTimes(0);

    last().lose();
    await vi.advanceTimersByTimeAsync(2000);
    last().lose(); // first reconnect attempt (after 500 ms) fails too
    expect(fetchCheckout).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchCheckout).toHaveBeenCalledTimes(2);

    await vi.advanceTimersByTimeAsync(1000); // second attempt is due
    last().connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchCheckout).toHaveBeenCalledTimes(3); // catch-up
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchCheckout).toHaveBeenCalledTimes(3); // back to push
  });

  it('checks once just after expiresAt in case the expiry push was lost', async () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    const expiresAt = new Date(Date.now() + 5000).toISOString();
    const fetchCheckout = vi.fn().mockResolvedValue(checkout('EXPIRED'));
    const statuses: string[] = [];
    watchCheckout('c1', (u) => statuses.push(u.status), {
      socket,
      fetchCheckout,
      timers: fakeTimers,
      expiryGraceMs: 1000,
    });
    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'c1', status: 'CHECKOUT', promotionVariantId: 1, expiresAt });
    await vi.advanceTimersByTimeAsync(5999);
    expect(fetchCheckout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchCheckout).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['CHECKOUT', 'EXPIRED']);
  });

  it('asks at the polling pace, not in a loop, while the server still holds a checkout past its deadline', async () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    const expiresAt = new Date(Date.now() - 10_000).toISOString();
    const fetchCheckout = vi.fn().mockResolvedValue({ ...checkout('CHECKOUT'), expiresAt });
    watchCheckout('c1', () => {}, { socket, fetchCheckout, timers: fakeTimers, expiryGraceMs: 1000 });
    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'c1', status: 'CHECKOUT', promotionVariantId: 1, expiresAt });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchCheckout.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(fetchCheckout.mock.calls.length).toBeLessThanOrEqual(6);
  });

  it('delivers an event pushed before it started', () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    last().push(CHECKOUTS_QUEUE, { type: 'OrderChecked', checkoutId: 'c1', status: 'CHECKOUT', promotionVariantId: 1, expiresAt: null });
    const statuses: string[] = [];
    watchCheckout('c1', (u) => statuses.push(u.status), { socket, fetchCheckout: vi.fn(), timers: fakeTimers });
    expect(statuses).toEqual(['CHECKOUT']);
  });

  it('stops polling after stop()', async () => {
    const { socket } = setup({ token: null });
    const fetchCheckout = vi.fn().mockResolvedValue(checkout('QUEUED'));
    const watcher = watchCheckout('c1', () => {}, { socket, fetchCheckout, timers: fakeTimers });
    await vi.advanceTimersByTimeAsync(0);
    watcher.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchCheckout).toHaveBeenCalledTimes(1);
  });

  it('keeps polling through errors', async () => {
    const { socket } = setup({ token: null });
    const fetchCheckout = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(checkout('PAID'));
    const onError = vi.fn();
    const statuses: string[] = [];
    watchCheckout('c1', (u) => statuses.push(u.status), { socket, fetchCheckout, timers: fakeTimers, onError });
    await vi.advanceTimersByTimeAsync(2000);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['PAID']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchCheckout).toHaveBeenCalledTimes(2); // final: no more polling
  });
});

describe('watchStock', () => {
  it('takes pushes when connected and polls the public GET when not', async () => {
    const { socket, last } = setup();
    socket.start();
    last().connect();
    const fetchAvailable = vi.fn().mockResolvedValue(40);
    const seen: number[] = [];
    const watcher = watchStock(7, (n) => seen.push(n), { socket, fetchAvailable, timers: fakeTimers, pollIntervalMs: 5000 });
    last().push('/topic/promotion-variants/7', { promotionVariantId: 7, available: 50 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchAvailable).not.toHaveBeenCalled();

    last().lose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchAvailable).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([50, 40]);
    watcher.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchAvailable).toHaveBeenCalledTimes(1);
  });
});

describe('stompjsFactory', () => {
  it('builds a @stomp/stompjs client with its own reconnect off and our headers', async () => {
    const { stompjsFactory } = await import('./socket');
    const onConnect = vi.fn();
    const onLost = vi.fn();
    const client = stompjsFactory({ url: 'ws://x/ws', connectHeaders: { Authorization: 'Bearer t' }, onConnect, onLost }) as unknown as {
      brokerURL: string;
      connectHeaders: Record<string, string>;
      reconnectDelay: number;
      onConnect: () => void;
      onWebSocketClose: (e: { code: number }) => void;
      onStompError: (f: { headers: Record<string, string> }) => void;
    };
    expect(client.brokerURL).toBe('ws://x/ws');
    expect(client.connectHeaders).toEqual({ Authorization: 'Bearer t' });
    expect(client.reconnectDelay).toBe(0);
    client.onConnect();
    client.onStompError({ headers: { message: 'bad token' } });
    client.onWebSocketClose({ code: 1006 });
    expect(onConnect).toHaveBeenCalledTimes(1);
    expect(onLost).toHaveBeenCalledTimes(2);
  });
});
