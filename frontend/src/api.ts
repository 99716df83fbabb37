/**
 * The page's client for the flashsale HTTP API: a thin layer over the client generated from the service's OpenAPI
 * document (openapi.json, the contract; `npm run generate` writes src/generated/openapi.ts in every build). The
 * shapes are the generated ones, so a change in the service that breaks the page fails `vue-tsc`. What the layer
 * adds: the bearer token, and every non-2xx answer thrown as an `ApiError` read from application/problem+json. The
 * only other answers handled are none at all (a network failure) and a proxy's page in place of the service's
 * (see toApiError).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';

type Schemas = components['schemas'];

import { pageOf, queryString, type ListQuery } from './paging';

export type Money = string; // decimal string, e.g. "1999.00"
export type Instant = string; // ISO-8601 UTC, e.g. "2025-11-21T20:00:00Z"

// ---------- shapes (the service's, generated) ----------

export type Account = Schemas['Account'];
export type TokenResponse = Schemas['AccessToken'];
/** A promotion variant as shoppers see it. */
export type PromotionVariant = Schemas['PromotionVariant'];
export type PromotionVariantStats = Schemas['PromotionVariantStats'];
/** A promotion variant as operators see it: every request field plus id, salePrice and stats. */
export type AdminPromotionVariant = Schemas['AdminPromotionVariant'];
/**
 * The operator's form for POST /api/admin/promotion-variants: every field of the request, each possibly still
 * empty (null) — the service says which are missing, field by field.
 */
export type PromotionVariantRequest = {
  [K in keyof Omit<Schemas['PromotionVariantRequest'], 'currency'>]-?: Schemas['PromotionVariantRequest'][K] | null;
} & { currency?: string | null };
export type PromotionVariantPatch = Schemas['PromotionVariantPatch'];
export type Checkout = Schemas['Checkout'];
export type CheckoutStatus = Checkout['status'];
export type SnapUpRequest = Schemas['SnapUpRequest'];
/** The 202 of POST /api/snap-up/checkouts: the checkout is queued. */
export type SnapUpAccepted = Schemas['SnapUpAccepted'];
/** A dead-lettered checkout as the operators' console shows it. */
export type DeadLetter = Schemas['DeadLetter'];
export type DeadLetterStatus = DeadLetter['status'];

// ---------- errors ----------

export type RoomPlace = Schemas['RoomPlace'];
export type RoomState = RoomPlace['state'];
/** A buyer's place in a sale's waiting room (GET/POST /api/waiting-rooms/{id}, and their STOMP queue). */
export type WaitingRoomTerms = Schemas['WaitingRoomTerms'];
export type AdminWaitingRoom = Schemas['AdminWaitingRoom'];

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failed call: the service's problem+json body; or, for an answer that never reached the
 * service (status 0) or came from something in between (a proxy's HTML page), what the status says.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The service's UPPER_SNAKE code; NETWORK_ERROR for status 0, HTTP_<status> for a proxy's answer. */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait, from Retry-After (the service sends it with 429 and 503). */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    title?: string;
    detail?: string;
    errors?: FieldError[];
    retryAfter?: number | null;
  }) {
    super(init.detail || init.title || init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title ?? '';
    this.detail = init.detail ?? '';
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The message for one form field, if the service named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Any failure of a call as an ApiError: one that is not (a bug, say) reads as the server being out of reach. */
export function asApiError(e: unknown): ApiError {
  return isApiError(e) ? e : new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: 'Could not reach the server.' });
}

/** Seconds from a Retry-After header; the service sends whole seconds. */
export function parseRetryAfter(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * How long to wait before trying again after an answer that says "busy, come back" (503 while the service sheds
 * load or a server it needs is away; 429 RATE_LIMITED), or null for any other answer. The wait is Retry-After (1 s
 * without one), doubled for each attempt already made, and stretched by a random 0–100 %: a crowd told the same
 * Retry-After must not come back in the same millisecond.
 */
export function backoffDelay(error: ApiError, attempt: number, random: () => number = Math.random): number | null {
  const busy = error.status === 503 || (error.status === 429 && (error.code === 'RATE_LIMITED' || error.code === 'HTTP_429'));
  if (!busy) return null;
  const base = Math.max(1, error.retryAfter ?? 1) * 1000 * 2 ** attempt;
  return Math.round(base * (1 + random()));
}

/** Every error the service sends (RFC 9457, always with `code`; `errors` only when fields are invalid). */
interface Problem {
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
}

export async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const problem = await readProblem(response);
  if (problem) {
    return new ApiError({ status: response.status, ...problem, retryAfter });
  }
  // Not the service's answer: something between the page and the service (a load balancer's 502/504
  // HTML page, a proxy's 503 while the service restarts) answered for it. Only the status is known.
  return new ApiError({ status: response.status, code: `HTTP_${response.status}`, title: response.statusText, retryAfter });
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!(response.headers.get('Content-Type') ?? '').includes('application/problem+json')) return null;
  try {
    return (await response.json()) as Problem;
  } catch {
    // The connection broke off in the middle of the body: treat it like any answer we cannot read.
    return null;
  }
}

// ---------- token ----------

const TOKEN_KEY = 'flashsale.token';

/** The claims of the service's access token that the page reads (it also carries iss, aud and iat). */
export interface TokenClaims {
  sub: string;
  roles: string[];
  /** Seconds since the epoch. */
  exp: number;
}

type TokenListener = (token: string | null) => void;
const tokenListeners = new Set<TokenListener>();

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode without storage: the token lives only as long as the call chain.
  }
  tokenListeners.forEach((l) => l(token));
}

export function onTokenChange(listener: TokenListener): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * Reads the JWT payload without verifying it: the service verifies, the page only displays.
 * The token comes from localStorage, which anything in the browser may have written to, so a
 * value that is not a JWT at all reads as no token.
 */
export function decodeToken(token: string | null): TokenClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const { sub, roles, exp } = JSON.parse(base64UrlDecode(parts[1])) as TokenClaims;
    return { sub, roles, exp };
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims | null, now: number = Date.now()): boolean {
  return !claims || claims.exp * 1000 <= now;
}

// ---------- transport ----------

/**
 * The generated client's fetch: an answer that never came is a NETWORK_ERROR, and every non-2xx answer is thrown as
 * an ApiError before the client reads it, so each call below resolves with the service's 2xx body or rejects.
 */
async function send(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await globalThis.fetch(request);
  } catch (e) {
    // No answer at all: offline, DNS, connection refused or reset. The page says so and may retry.
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      title: 'Network error',
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // A token the service refuses is of no further use: drop it so the page asks to sign in.
    if (response.status === 401 && request.headers.has('Authorization')) setToken(null);
    throw error;
  }
  return response;
}

const bearer: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

const baseUrl = globalThis.location?.origin ?? '';
/** For the public endpoints: never sends the token (an invalid one would be refused even there). */
const open = createClient<paths>({ baseUrl, fetch: send, headers: { Accept: 'application/json' } });
/** For everything else: sends the token when there is one. */
const client = createClient<paths>({ baseUrl, fetch: send, headers: { Accept: 'application/json' } });
client.use(bearer);

/** The body of a 2xx answer (send threw for every other). */
async function body<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data, response } = await call;
  if (data === undefined) throw new ApiError({ status: response.status, code: `HTTP_${response.status}` });
  return data;
}

const path = <T extends string | number>(value: T) => value;

// ---------- accounts ----------

export function register(input: { name: string; email: string; password: string }): Promise<Account> {
  return body(open.POST('/api/auth/register', { body: input }));
}

export function requestToken(input: { email: string; password: string }): Promise<TokenResponse> {
  return body(open.POST('/api/auth/token', { body: input }));
}

/** Gets a token and keeps it; returns its claims. */
export async function signIn(email: string, password: string): Promise<TokenClaims | null> {
  const token = await requestToken({ email, password });
  setToken(token.access_token);
  return decodeToken(token.access_token);
}

export function signOut(): void {
  setToken(null);
}

// ---------- shoppers ----------

export function listPromotionVariants(): Promise<PromotionVariant[]> {
  return body(open.GET('/api/promotion-variants'));
}

export function getPromotionVariant(promotionVariantId: number | string): Promise<PromotionVariant> {
  return body(open.GET('/api/promotion-variants/{id}', { params: { path: { id: Number(promotionVariantId) } } }));
}

/** `pass`: the waiting room's pass, sent as `Flashsale-Pass` while the sale's room is on. */
export function snapUp(input: SnapUpRequest, idempotencyKey?: string, pass?: string): Promise<SnapUpAccepted> {
  const header: { 'Idempotency-Key'?: string; 'Flashsale-Pass'?: string } = {};
  if (idempotencyKey) header['Idempotency-Key'] = idempotencyKey;
  if (pass) header['Flashsale-Pass'] = pass;
  return body(client.POST('/api/snap-up/checkouts', {
    body: { promotionVariantId: input.promotionVariantId, quantity: input.quantity ?? 1 },
    params: { header },
  }));
}

// ---------- waiting room ----------

const room = (promotionVariantId: number | string) => ({ params: { path: { id: Number(promotionVariantId) } } });

/** Joins the sale's waiting room (again: the same place). 404 when the sale has no room that is on. */
export function joinWaitingRoom(promotionVariantId: number | string): Promise<RoomPlace> {
  return body(client.POST('/api/waiting-rooms/{id}', room(promotionVariantId)));
}

/** The buyer's place in the sale's waiting room; 404 when the sale has no room that is on. */
export function getWaitingRoom(promotionVariantId: number | string): Promise<RoomPlace> {
  return body(client.GET('/api/waiting-rooms/{id}', room(promotionVariantId)));
}

export function getAdminWaitingRoom(promotionVariantId: number | string): Promise<AdminWaitingRoom> {
  return body(client.GET('/api/admin/promotion-variants/{id}/waiting-room', variant(promotionVariantId)));
}

export function putAdminWaitingRoom(promotionVariantId: number | string, terms: WaitingRoomTerms): Promise<AdminWaitingRoom> {
  return body(client.PUT('/api/admin/promotion-variants/{id}/waiting-room', { ...variant(promotionVariantId), body: terms }));
}

/** The buyer's written checkouts, newest first. */
export function listCheckouts(): Promise<Checkout[]> {
  return body(client.GET('/api/checkouts'));
}

const checkout = (checkoutId: string) => ({ params: { path: { checkoutId: path(checkoutId) } } });

export function getCheckout(checkoutId: string): Promise<Checkout> {
  return body(client.GET('/api/checkouts/{checkoutId}', checkout(checkoutId)));
}

export function confirmCheckout(checkoutId: string, address: string): Promise<Checkout> {
  return body(client.POST('/api/checkouts/{checkoutId}/confirm', { ...checkout(checkoutId), body: { address } }));
}

export function payCheckout(checkoutId: string): Promise<Checkout> {
  return body(client.POST('/api/checkouts/{checkoutId}/pay', checkout(checkoutId)));
}

export function cancelCheckout(checkoutId: string): Promise<Checkout> {
  return body(client.POST('/api/checkouts/{checkoutId}/cancel', checkout(checkoutId)));
}

// ---------- operators ----------

const variant = (promotionVariantId: number | string) => ({ params: { path: { id: Number(promotionVariantId) } } });

export function createPromotionVariant(input: PromotionVariantRequest): Promise<AdminPromotionVariant> {
  // the form may still hold empty fields: the service names each (400 VALIDATION_FAILED)
  return body(client.POST('/api/admin/promotion-variants', { body: input as Schemas['PromotionVariantRequest'] }));
}

export function listAdminPromotionVariants(): Promise<AdminPromotionVariant[]> {
  return body(client.GET('/api/admin/promotion-variants'));
}

export function getAdminPromotionVariant(promotionVariantId: number | string): Promise<AdminPromotionVariant> {
  return body(client.GET('/api/admin/promotion-variants/{id}', variant(promotionVariantId)));
}

export function patchPromotionVariant(
  promotionVariantId: number | string,
  changes: Partial<PromotionVariantRequest>,
): Promise<AdminPromotionVariant> {
  return body(client.PATCH('/api/admin/promotion-variants/{id}', {
    ...variant(promotionVariantId),
    body: changes as PromotionVariantPatch,
  }));
}

/** The CSV export of a promotion variant's checkouts, one row per checkout (the path says orders.csv). */
export function checkoutsCsvUrl(promotionVariantId: number | string): string {
  return `/api/admin/promotion-variants/${encodeURIComponent(String(promotionVariantId))}/orders.csv`;
}

/** Fetches the CSV with the bearer token (a plain link can't send it) and saves it under the name the service gives. */
export function downloadCheckoutsCsv(promotionVariantId: number | string): Promise<Blob> {
  return saveCsv(client.GET('/api/admin/promotion-variants/{id}/orders.csv', {
    ...variant(promotionVariantId),
    headers: { Accept: 'text/csv' },
    parseAs: 'blob',
  }));
}

async function saveCsv(call: Promise<{ data?: Blob; response: Response }>): Promise<Blob> {
  const { data: blob, response } = await call;
  if (!blob) throw new ApiError({ status: response.status, code: `HTTP_${response.status}` });
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? '';
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return blob;
}

// ---------- promotions (campaigns), audit trail, operators' search ----------

/** A page of a list: the items, and what the X-Total-Count and Link headers said. */
export interface Page<T> {
  items: T[];
  total: number;
  /** The next page's URL, from Link rel="next"; null on the last page. */
  next: string | null;
}

/** A promotion (campaign) as shoppers see it: its enabled promotion variants, each with what is available. */
export type Promotion = Schemas['Promotion'];
/** A promotion as operators see it: every promotion variant with its stats. */
export type AdminPromotion = Schemas['AdminPromotion'];
/** The form of one variant of POST /api/admin/promotions (its window is the promotion's); fields may still be empty. */
export type PromotionVariantDraft = {
  [K in keyof Schemas['PromotionVariantDraft']]: Schemas['PromotionVariantDraft'][K] | null;
};
/** The form of POST /api/admin/promotions; fields may still be empty (the service names each). */
export type PromotionRequest = {
  [K in keyof Omit<Schemas['PromotionRequest'], 'variants'>]: Schemas['PromotionRequest'][K] | null;
} & { variants: PromotionVariantDraft[] };
export type PromotionPatch = Partial<Omit<PromotionRequest, 'variants'>>;
/** One operator change: who (user id; null for the service itself), when, and each field before → after. */
export type AuditEntry = Schemas['AuditEntry'];
/** A written checkout as operators see it. */
export type AdminCheckout = Schemas['AdminCheckout'];

/** One page of a list: the items, and the totals and next link its headers carry. */
async function page<T>(call: Promise<{ data?: T[]; response: Response }>): Promise<Page<T>> {
  const items = await body(call);
  const { response } = await call;
  return { items, ...pageOf(response.headers, items.length) };
}

const promotion = (promotionId: number | string) => ({ params: { path: { id: Number(promotionId) } } });

export function listPromotions(query: ListQuery = {}): Promise<Page<Promotion>> {
  return page(open.GET('/api/promotions', { params: { query: query as never } }));
}

export function getPromotion(promotionId: number | string): Promise<Promotion> {
  return body(open.GET('/api/promotions/{id}', promotion(promotionId)));
}

export function listAdminPromotions(query: ListQuery = {}): Promise<Page<AdminPromotion>> {
  return page(client.GET('/api/admin/promotions', { params: { query: query as never } }));
}

export function getAdminPromotion(promotionId: number | string): Promise<AdminPromotion> {
  return body(client.GET('/api/admin/promotions/{id}', promotion(promotionId)));
}

export function createPromotion(input: PromotionRequest): Promise<AdminPromotion> {
  // the form may still hold empty fields: the service names each (400 VALIDATION_FAILED)
  return body(client.POST('/api/admin/promotions', { body: input as unknown as Schemas['PromotionRequest'] }));
}

export function patchPromotion(promotionId: number | string, changes: PromotionPatch): Promise<AdminPromotion> {
  return body(client.PATCH('/api/admin/promotions/{id}', { ...promotion(promotionId), body: changes as unknown as Schemas['PromotionPatch'] }));
}

export function addPromotionVariant(promotionId: number | string, draft: PromotionVariantDraft): Promise<AdminPromotionVariant> {
  return body(client.POST('/api/admin/promotions/{id}/variants', {
    ...promotion(promotionId),
    body: draft as unknown as Schemas['PromotionVariantDraft'],
  }));
}

export function listPromotionAudit(promotionId: number | string, query: ListQuery = {}): Promise<Page<AuditEntry>> {
  return page(client.GET('/api/admin/promotions/{id}/audit', { params: { ...promotion(promotionId).params, query: query as never } }));
}

export function findCheckouts(query: ListQuery = {}): Promise<Page<AdminCheckout>> {
  return page(client.GET('/api/admin/checkouts', { params: { query: query as never } }));
}

/** The CSV export of a whole promotion's checkouts, filtered as the query says (status, from, to). */
export function promotionCheckoutsCsvUrl(promotionId: number | string, query: ListQuery = {}): string {
  return `/api/admin/promotions/${encodeURIComponent(String(promotionId))}/orders.csv${queryString(query)}`;
}

export function downloadPromotionCheckoutsCsv(promotionId: number | string, query: ListQuery = {}): Promise<Blob> {
  return saveCsv(client.GET('/api/admin/promotions/{id}/orders.csv', {
    params: { ...promotion(promotionId).params, query: query as never },
    headers: { Accept: 'text/csv' },
    parseAs: 'blob',
  }));
}

// ---------- dead letters (operators) ----------

/** Dead-lettered checkouts, newest first; only those waiting for an operator when status is PENDING. */
export function listDeadLetters(status?: DeadLetterStatus): Promise<DeadLetter[]> {
  return body(client.GET('/api/admin/dead-letters', { params: { query: status ? { status } : {} } }));
}

const deadLetter = (id: number) => ({ params: { path: { id } } });

export function redriveDeadLetter(id: number): Promise<DeadLetter> {
  return body(client.POST('/api/admin/dead-letters/{id}/redrive', deadLetter(id)));
}

export function redriveAllDeadLetters(): Promise<{ redriven: number }> {
  return body(client.POST('/api/admin/dead-letters/redrive'));
}

export function discardDeadLetter(id: number, note: string): Promise<DeadLetter> {
  return body(client.POST('/api/admin/dead-letters/{id}/discard', { ...deadLetter(id), body: { note } }));
}

// ---------- helpers ----------

/** A fresh Idempotency-Key; works on plain http too, where crypto.randomUUID is missing. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
