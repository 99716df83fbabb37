/**
 * The one live connection: STOMP over WebSocket at /ws (see docs/api.md).
 * Reconnects with capped, jittered exponential backoff, re-subscribes after
 * every reconnect, and offers watchers that fall back to polling the HTTP API
 * while the socket is down.
 */
import { Client } from '@stomp/stompjs';
import {
  getCheckout,
  getPromotionVariant,
  getToken,
  type Checkout,
  type CheckoutStatus,
  type Instant,
} from './api';

// ---------- messages ----------

export type CheckoutEventType =
  | 'OrderChecked'
  | 'CheckoutConfirmed'
  | 'CheckoutPaid'
  | 'CheckoutExpired'
  | 'CheckoutCancelled'
  | 'CheckoutFailed';

/** Pushed on /user/queue/checkouts. */
export interface CheckoutEvent {
  type: CheckoutEventType;
  checkoutId: string;
  status: CheckoutStatus;
  promotionVariantId: number;
  expiresAt: Instant | null;
}

/** Pushed on /topic/promotion-variants/{id}. */
export interface StockEvent {
  promotionVariantId: number;
  available: number;
}

export const CHECKOUTS_QUEUE = '/user/queue/checkouts';
export const stockTopic = (promotionVariantId: number | string) => `/topic/promotion-variants/${promotionVariantId}`;
/** The front of a waiting room's line, for everyone. */
export const roomTopic = (promotionVariantId: number | string) => `/topic/promotion-variants/${promotionVariantId}/room`;
/** The buyer's own place in a waiting room. */
export const roomQueue = (promotionVariantId: number | string) => `/user/queue/waiting-room/${promotionVariantId}`;
/** The operators' live figures, every second (operators only: the service refuses a buyer's subscription). */
export const OPERATIONS_TOPIC = '/topic/operations';

/** What /topic/operations carries (see docs/api.md): this instance's rates, and the queues as they stand. */
export interface OperationsFigures {
  at: string;
  acceptedPerSecond: number;
  /** Refused snap-ups per second, by reason (SOLD_OUT, LIMIT_EXCEEDED, …). */
  refusedPerSecond: Record<string, number>;
  queueDepth: number;
  deadLetters: number;
  holdsExpiringSoon: number;
  expiringWithinSeconds: number;
  /** Mean over the last second; null when no event went out in it. */
  notificationLagMs: number | null;
  notificationLagMaxMs: number;
}

// ---------- injectable parts ----------

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** The little of a STOMP client this module uses; tests hand in a fake. */
export interface StompClientLike {
  activate(): void;
  deactivate(): unknown;
  subscribe(destination: string, callback: (message: { body: string }) => void): { unsubscribe(): void };
}

export interface StompClientConfig {
  url: string;
  connectHeaders: Record<string, string>;
  /** The STOMP session is up (CONNECTED received). */
  onConnect(): void;
  /** The session is gone: socket closed, ERROR frame, or failed to open. */
  onLost(reason: string): void;
}

export type StompClientFactory = (config: StompClientConfig) => StompClientLike;

/** Wraps @stomp/stompjs with its own reconnect turned off: this module does the backoff. */
export const stompjsFactory: StompClientFactory = (config) => {
  const client = new Client({
    brokerURL: config.url,
    connectHeaders: config.connectHeaders,
    reconnectDelay: 0,
    heartbeatIncoming: 10_000,
    heartbeatOutgoing: 10_000,
    debug: () => {},
  });
  client.onConnect = () => config.onConnect();
  client.onStompError = (frame) => config.onLost(frame.headers.message ?? 'STOMP error');
  client.onWebSocketClose = (event) => config.onLost(`socket closed (${event?.code ?? '?'})`);
  return client;
};

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: how much of each delay may be taken off at random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, jitter: 0.3 };

/** Delay before reconnect attempt `attempt` (0-based): doubling from initialMs, capped, jittered down. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - options.jitter + options.jitter * random()));
}

/** ws:// or wss:// to /ws on the page's own host. */
export function socketUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

// ---------- the connection ----------

export type SocketState = 'idle' | 'connecting' | 'connected' | 'disconnected';

export interface LiveSocketOptions {
  url?: () => string;
  token?: () => string | null;
  createClient?: StompClientFactory;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffOptions;
}

interface Subscription {
  destination: string;
  handler: (body: unknown) => void;
  live: { unsubscribe(): void } | null;
}

const RECENT_CHECKOUT_EVENTS = 50;

export class LiveSocket {
  private readonly options: Required<LiveSocketOptions>;
  private client: StompClientLike | null = null;
  private generation = 0;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private running = false;
  private _state: SocketState = 'idle';
  private readonly stateListeners = new Set<(state: SocketState) => void>();
  private readonly checkoutListeners = new Set<(event: CheckoutEvent) => void>();
  private readonly subscriptions = new Set<Subscription>();
  /** Latest event per checkout, so a watcher started just after a push still sees it. */
  private readonly recent = new Map<string, CheckoutEvent>();

  constructor(options: LiveSocketOptions = {}) {
    this.options = {
      url: options.url ?? (() => socketUrl()),
      token: options.token ?? getToken,
      createClient: options.createClient ?? stompjsFactory,
      timers: options.timers ?? realTimers,
      random: options.random ?? Math.random,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
    };
    this.subscriptions.add({
      destination: CHECKOUTS_QUEUE,
      handler: (body) => this.dispatchCheckoutEvent(body as CheckoutEvent),
      live: null,
    });
  }

  get state(): SocketState {
    return this._state;
  }

  get connected(): boolean {
    return this._state === 'connected';
  }

  /** Connects (if there is a token) and keeps reconnecting until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearReconnect();
    this.dropClient();
    this.setState('idle');
  }

  /** Drops the current session and connects again at once, e.g. with a new token. */
  restart(): void {
    this.stop();
    this.start();
  }

  onStateChange(listener: (state: SocketState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onCheckoutEvent(listener: (event: CheckoutEvent) => void): () => void {
    this.checkoutListeners.add(listener);
    return () => this.checkoutListeners.delete(listener);
  }

  lastCheckoutEvent(checkoutId: string): CheckoutEvent | undefined {
    return this.recent.get(checkoutId);
  }

  /** Stock changes of one promotion variant; stays subscribed across reconnects until the returned function is called. */
  subscribeStock(promotionVariantId: number | string, handler: (event: StockEvent) => void): () => void {
    return this.subscribe(stockTopic(promotionVariantId), (body) => handler(body as StockEvent));
  }

  /** The buyer's place in a sale's waiting room and the front of its line; stays subscribed until the returned function is called. */
  subscribeRoom(promotionVariantId: number | string, onPlace: (place: unknown) => void, onLine: (line: unknown) => void): () => void {
    const offPlace = this.subscribe(roomQueue(promotionVariantId), onPlace);
    const offLine = this.subscribe(roomTopic(promotionVariantId), onLine);
    return () => {
      offPlace();
      offLine();
    };
  }

  /** The operators' live figures; stays subscribed across reconnects until the returned function is called. */
  subscribeOperations(handler: (figures: OperationsFigures) => void): () => void {
    return this.subscribe(OPERATIONS_TOPIC, (body) => handler(body as OperationsFigures));
  }

  private subscribe(destination: string, handler: (body: unknown) => void): () => void {
    const subscription: Subscription = { destination, handler, live: null };
    this.subscriptions.add(subscription);
    if (this.connected) this.attach(subscription);
    return () => {
      this.subscriptions.delete(subscription);
      subscription.live?.unsubscribe();
      subscription.live = null;
    };
  }

  private connect(): void {
    if (!this.running) return;
    const token = this.options.token();
    if (!token) {
      // CONNECT without a token is refused by the backend; wait for start()/restart() after sign-in.
      this.setState('idle');
      return;
    }
    this.dropClient();
    const generation = ++this.generation;
    this.setState('connecting');
    this.client = this.options.createClient({
      url: this.options.url(),
      connectHeaders: { Authorization: `Bearer ${token}` },
      onConnect: () => {
        if (generation !== this.generation) return;
        this.attempt = 0;
        this.subscriptions.forEach((s) => this.attach(s));
        this.setState('connected');
      },
      onLost: () => {
        if (generation !== this.generation) return;
        this.generation++; // ignore anything else this client says
        this.subscriptions.forEach((s) => (s.live = null));
        this.setState('disconnected');
        this.scheduleReconnect();
      },
    });
    this.client.activate();
  }

  private attach(subscription: Subscription): void {
    if (!this.client) return;
    subscription.live = this.client.subscribe(subscription.destination, (message) => {
      let body: unknown;
      try {
        body = JSON.parse(message.body);
      } catch {
        return;
      }
      subscription.handler(body);
    });
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    this.clearReconnect();
    const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) this.options.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private dropClient(): void {
    this.generation++;
    this.subscriptions.forEach((s) => (s.live = null));
    const old = this.client;
    this.client = null;
    if (old) {
      try {
        void Promise.resolve(old.deactivate()).catch(() => {});
      } catch {
        // Already closed.
      }
    }
  }

  private dispatchCheckoutEvent(event: CheckoutEvent): void {
    if (!event || typeof event.checkoutId !== 'string') return;
    this.recent.delete(event.checkoutId);
    this.recent.set(event.checkoutId, event);
    if (this.recent.size > RECENT_CHECKOUT_EVENTS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.checkoutListeners.forEach((l) => l(event));
  }

  private setState(state: SocketState): void {
    if (state === this._state) return;
    this._state = state;
    this.stateListeners.forEach((l) => l(state));
  }
}

/** The page's one connection. */
export const liveSocket = new LiveSocket();

// ---------- watchers: push when connected, poll when not ----------

const STATUS_BY_EVENT: Record<CheckoutEventType, CheckoutStatus> = {
  OrderChecked: 'CHECKOUT',
  CheckoutConfirmed: 'CONFIRMED',
  CheckoutPaid: 'PAID',
  CheckoutExpired: 'EXPIRED',
  CheckoutCancelled: 'CANCELLED',
  CheckoutFailed: 'FAILED',
};

export function statusOfEvent(event: Pick<CheckoutEvent, 'type' | 'status'>): CheckoutStatus {
  return STATUS_BY_EVENT[event.type] ?? event.status;
}

const FINAL: ReadonlySet<CheckoutStatus> = new Set(['PAID', 'EXPIRED', 'CANCELLED', 'FAILED']);

/** What a watcher learned about one checkout, by push or by poll. */
export interface CheckoutUpdate {
  checkoutId: string;
  status: CheckoutStatus;
  expiresAt: Instant | null;
  source: 'push' | 'poll';
  checkout?: Checkout;
}

/** The part of LiveSocket a watcher needs. */
export type SocketLike = Pick<LiveSocket, 'connected' | 'onStateChange' | 'onCheckoutEvent' | 'lastCheckoutEvent'>;

export interface CheckoutWatcherOptions {
  socket?: SocketLike;
  fetchCheckout?: (checkoutId: string) => Promise<Checkout>;
  timers?: Timers;
  /** Poll period while the socket is down. */
  pollIntervalMs?: number;
  /** Safety-net check while connected, in case a push is lost. */
  connectedCheckMs?: number;
  /** How long after expiresAt to ask, if no CheckoutExpired was pushed. */
  expiryGraceMs?: number;
  onError?: (error: unknown) => void;
}

export interface Watcher {
  stop(): void;
  /** Ask the API now (e.g. when a countdown reached zero). */
  refresh(): void;
}

/**
 * Follows one checkout until it is final. Connected: waits for pushes (plus a
 * rare safety check and one just after expiresAt). Disconnected: polls
 * GET /api/checkouts/{id} every pollIntervalMs. On reconnect it catches up once.
 */
export function watchCheckout(
  checkoutId: string,
  onUpdate: (update: CheckoutUpdate) => void,
  options: CheckoutWatcherOptions = {},
): Watcher {
  const socket = options.socket ?? liveSocket;
  const fetchCheckout = options.fetchCheckout ?? getCheckout;
  const timers = options.timers ?? realTimers;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const connectedCheckMs = options.connectedCheckMs ?? 15_000;
  const expiryGraceMs = options.expiryGraceMs ?? 1_500;

  let stopped = false;
  let timer: unknown = null;
  let inFlight = false;
  let expiresAt: Instant | null = null;

  const deliver = (update: CheckoutUpdate) => {
    if (stopped) return;
    expiresAt = update.expiresAt ?? expiresAt;
    onUpdate(update);
    if (FINAL.has(update.status)) stop();
  };

  const fromEvent = (event: CheckoutEvent): CheckoutUpdate => ({
    checkoutId: event.checkoutId,
    status: statusOfEvent(event),
    expiresAt: event.expiresAt ?? null,
    source: 'push',
  });

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const schedule = () => {
    clear();
    if (stopped) return;
    let delay = pollIntervalMs;
    if (socket.connected) {
      delay = connectedCheckMs;
      const deadline = expiresAt ? Date.parse(expiresAt) : NaN;
      // Once past the deadline (and still not settled), ask at the polling pace, never in a tight loop.
      const untilCheck = deadline + expiryGraceMs - timers.now();
      if (!Number.isNaN(deadline)) delay = untilCheck > 0 ? Math.min(delay, untilCheck) : pollIntervalMs;
    }
    timer = timers.setTimeout(() => void poll(), delay);
  };

  const poll = async () => {
    if (stopped || inFlight) return;
    clear();
    inFlight = true;
    try {
      const checkout = await fetchCheckout(checkoutId);
      deliver({ checkoutId, status: checkout.status, expiresAt: checkout.expiresAt, source: 'poll', checkout });
    } catch (error) {
      options.onError?.(error);
    } finally {
      inFlight = false;
      schedule();
    }
  };

  const offEvents = socket.onCheckoutEvent((event) => {
    if (event.checkoutId !== checkoutId) return;
    deliver(fromEvent(event));
    schedule();
  });
  // Only a flip between connected and not matters; connecting ↔ disconnected must not reset the poll timer.
  let wasConnected = socket.connected;
  const offState = socket.onStateChange(() => {
    if (socket.connected === wasConnected) return;
    wasConnected = socket.connected;
    if (wasConnected) void poll(); // catch up on what was pushed while we were away
    else schedule();
  });

  function stop() {
    stopped = true;
    clear();
    offEvents();
    offState();
  }

  const cached = socket.lastCheckoutEvent(checkoutId);
  if (cached) deliver(fromEvent(cached));
  if (!stopped) {
    if (socket.connected) schedule();
    else void poll();
  }

  return { stop, refresh: () => void poll() };
}

export interface StockWatcherOptions {
  socket?: Pick<LiveSocket, 'connected' | 'onStateChange' | 'subscribeStock'>;
  fetchAvailable?: (promotionVariantId: number) => Promise<number>;
  timers?: Timers;
  pollIntervalMs?: number;
}

/** Remaining stock of one promotion variant: pushed on the topic when connected, polled from the public GET when not. */
export function watchStock(
  promotionVariantId: number,
  onAvailable: (available: number) => void,
  options: StockWatcherOptions = {},
): Watcher {
  const socket = options.socket ?? liveSocket;
  const fetchAvailable =
    options.fetchAvailable ?? (async (id: number) => (await getPromotionVariant(id)).available);
  const timers = options.timers ?? realTimers;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  let stopped = false;
  let timer: unknown = null;

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const schedule = () => {
    clear();
    if (!stopped && !socket.connected) timer = timers.setTimeout(() => void poll(), pollIntervalMs);
  };
  const poll = async () => {
    if (stopped) return;
    clear();
    try {
      onAvailable(await fetchAvailable(promotionVariantId));
    } catch {
      // Keep the last known value; try again next period.
    } finally {
      schedule();
    }
  };

  const unsubscribe = socket.subscribeStock(promotionVariantId, (event) => {
    if (!stopped && typeof event.available === 'number') onAvailable(event.available);
  });
  // Connected: the topic takes over (the next change brings the value). Down: poll.
  let wasConnected = socket.connected;
  const offState = socket.onStateChange(() => {
    if (socket.connected === wasConnected) return;
    wasConnected = socket.connected;
    schedule();
  });
  schedule();

  return {
    stop() {
      stopped = true;
      clear();
      unsubscribe();
      offState();
    },
    refresh: () => void poll(),
  };
}
