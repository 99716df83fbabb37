/**
 * The one typed client for the flashsale HTTP API (see docs/api.md).
 * Every call goes through `request`, which adds the bearer token and turns
 * any non-2xx answer into an `ApiError` read from application/problem+json.
 * The shapes below are the service's own (its views and records). The only
 * other answers handled are none at all (a network failure) and a proxy's
 * page in place of the service's (see toApiError).
 */

import { pageOf, queryString, type ListQuery } from './paging';

export type Money = string; // decimal string, e.g. "1999.00"
export type Instant = string; // ISO-8601 UTC, e.g. "2025-11-21T20:00:00Z"

// ---------- shapes ----------

export interface Account {
  id: number;
  name: string;
  email: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/** A promotion variant as shoppers see it. */
export interface PromotionVariant {
  id: number;
  name: string;
  description: string | null;
  imageUrl: string | null;
  price: Money;
  /** A JSON number, e.g. 0.8. */
  discountRate: number;
  salePrice: Money;
  quantityLimit: number;
  startsAt: Instant;
  endsAt: Instant;
  available: number;
  /** The promotion (campaign) it belongs to, and that promotion's name. */
  promotionId: number;
  promotionName: string;
  /** ISO 4217, its promotion's: the currency of price and salePrice. */
  currency: string;
}

export interface PromotionVariantStats {
  stock: number;
  available: number;
  reserved: number;
  sold: number;
  queued: number;
}

/** Request body of POST /api/admin/promotion-variants. */
export interface PromotionVariantRequest {
  variantId: number | null;
  name: string;
  description: string | null;
  imageUrl: string | null;
  price: Money | null;
  discountRate: number | null;
  stock: number | null;
  quantityLimit: number | null;
  holdSeconds: number | null;
  startsAt: Instant | null;
  endsAt: Instant | null;
  enabled: boolean;
  /** Units that checkouts from one client address may hold unpaid at once; 0 is no bound (null: 0). */
  maxUnpaidPerAddress: number | null;
  /** Seconds an account whose checkout ended unpaid waits before it may snap up again; 0 is none (null: 60). */
  abandonCoolDownSeconds: number | null;
  /** ISO 4217 of the promotion of one created for it; absent: the service's default. */
  currency?: string | null;
}

/** A promotion variant as operators see it: every request field plus id, salePrice and stats. */
export interface AdminPromotionVariant {
  id: number;
  variantId: number;
  name: string;
  description: string | null;
  imageUrl: string | null;
  price: Money;
  discountRate: number;
  salePrice: Money;
  stock: number;
  quantityLimit: number;
  holdSeconds: number;
  startsAt: Instant;
  endsAt: Instant;
  enabled: boolean;
  maxUnpaidPerAddress: number;
  abandonCoolDownSeconds: number;
  stats: PromotionVariantStats;
  promotionId: number;
  currency: string;
}

export type CheckoutStatus =
  | 'QUEUED'
  | 'CHECKOUT'
  | 'CONFIRMED'
  | 'PAID'
  | 'EXPIRED'
  | 'CANCELLED'
  | 'FAILED';

export interface SnapUpRequest {
  promotionVariantId: number;
  quantity?: number;
}

/** The 202 of POST /api/snap-up/checkouts: the checkout is queued. */
export interface SnapUpAccepted {
  checkoutId: string;
  status: CheckoutStatus;
  expiresAt: Instant | null;
}

export interface Checkout {
  checkoutId: string;
  promotionVariantId: number;
  quantity: number;
  unitPrice: Money;
  status: CheckoutStatus;
  expiresAt: Instant | null;
  /** When the worker wrote it; null while it is still queued. */
  createdAt: Instant | null;
}

// ---------- errors ----------

export type RoomState = 'WAITING' | 'DRAWING' | 'SERVING' | 'SOLD_OUT';

/** A buyer's place in a sale's waiting room (GET/POST /api/waiting-rooms/{id}, and their STOMP queue). */
export interface RoomPlace {
  promotionVariantId: number;
  state: RoomState;
  joined: boolean;
  /** Counted from the front; null until the draw places an early joiner. */
  position: number | null;
  /** position − servingUpTo; 0 once admitted. */
  place: number | null;
  servingUpTo: number;
  length: number;
  ratePerSecond: number;
  estimatedWaitSeconds: number | null;
  admitted: boolean;
  pass: string | null;
  passExpiresAt: Instant | null;
  at: Instant;
}

export interface WaitingRoomTerms {
  enabled: boolean;
  opensBeforeSeconds: number;
  ratePerSecond: number;
}

export interface AdminWaitingRoom extends WaitingRoomTerms {
  promotionVariantId: number;
  state: RoomState | null;
  length: number | null;
  servingUpTo: number | null;
  admittedPerSecond: number | null;
  /** A 64-bit number, as a string (a JavaScript number would round it). */
  drawSeed: string | null;
  drawnAt: Instant | null;
  drawnCount: number | null;
}

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

interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  auth?: boolean;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = options.auth === false ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
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
    if (response.status === 401 && token) setToken(null);
    throw error;
  }
  return response;
}

/** Every JSON endpoint of the service answers 2xx with a body. */
async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

const id = (value: string | number) => encodeURIComponent(String(value));

// ---------- accounts ----------

export function register(input: { name: string; email: string; password: string }): Promise<Account> {
  return request<Account>('/api/auth/register', { method: 'POST', body: input, auth: false });
}

export function requestToken(input: { email: string; password: string }): Promise<TokenResponse> {
  return request<TokenResponse>('/api/auth/token', { method: 'POST', body: input, auth: false });
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
  return request<PromotionVariant[]>('/api/promotion-variants', { auth: false });
}

export function getPromotionVariant(promotionVariantId: number | string): Promise<PromotionVariant> {
  return request<PromotionVariant>(`/api/promotion-variants/${id(promotionVariantId)}`, { auth: false });
}

/** `pass`: the waiting room's pass, sent as `Flashsale-Pass` while the sale's room is on. */
export async function snapUp(input: SnapUpRequest, idempotencyKey?: string, pass?: string): Promise<SnapUpAccepted> {
  const headers: Record<string, string> = {};
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (pass) headers['Flashsale-Pass'] = pass;
  const response = await send('/api/snap-up/checkouts', {
    method: 'POST',
    body: { promotionVariantId: input.promotionVariantId, quantity: input.quantity ?? 1 },
    headers,
  });
  return (await response.json()) as SnapUpAccepted;
}

// ---------- waiting room ----------

/** Joins the sale's waiting room (again: the same place). 404 when the sale has no room that is on. */
export function joinWaitingRoom(promotionVariantId: number | string): Promise<RoomPlace> {
  return request<RoomPlace>(`/api/waiting-rooms/${id(promotionVariantId)}`, { method: 'POST' });
}

/** The buyer's place in the sale's waiting room; 404 when the sale has no room that is on. */
export function getWaitingRoom(promotionVariantId: number | string): Promise<RoomPlace> {
  return request<RoomPlace>(`/api/waiting-rooms/${id(promotionVariantId)}`);
}

export function getAdminWaitingRoom(promotionVariantId: number | string): Promise<AdminWaitingRoom> {
  return request<AdminWaitingRoom>(`/api/admin/promotion-variants/${id(promotionVariantId)}/waiting-room`);
}

export function putAdminWaitingRoom(promotionVariantId: number | string, terms: WaitingRoomTerms): Promise<AdminWaitingRoom> {
  return request<AdminWaitingRoom>(`/api/admin/promotion-variants/${id(promotionVariantId)}/waiting-room`, {
    method: 'PUT',
    body: terms,
  });
}

/** The buyer's written checkouts, newest first. */
export function listCheckouts(): Promise<Checkout[]> {
  return request<Checkout[]>('/api/checkouts');
}

export function getCheckout(checkoutId: string): Promise<Checkout> {
  return request<Checkout>(`/api/checkouts/${id(checkoutId)}`);
}

export function confirmCheckout(checkoutId: string, address: string): Promise<Checkout> {
  return request<Checkout>(`/api/checkouts/${id(checkoutId)}/confirm`, { method: 'POST', body: { address } });
}

export function payCheckout(checkoutId: string): Promise<Checkout> {
  return request<Checkout>(`/api/checkouts/${id(checkoutId)}/pay`, { method: 'POST' });
}

export function cancelCheckout(checkoutId: string): Promise<Checkout> {
  return request<Checkout>(`/api/checkouts/${id(checkoutId)}/cancel`, { method: 'POST' });
}

// ---------- operators ----------

export function createPromotionVariant(input: PromotionVariantRequest): Promise<AdminPromotionVariant> {
  return request<AdminPromotionVariant>('/api/admin/promotion-variants', { method: 'POST', body: input });
}

export function listAdminPromotionVariants(): Promise<AdminPromotionVariant[]> {
  return request<AdminPromotionVariant[]>('/api/admin/promotion-variants');
}

export function getAdminPromotionVariant(promotionVariantId: number | string): Promise<AdminPromotionVariant> {
  return request<AdminPromotionVariant>(`/api/admin/promotion-variants/${id(promotionVariantId)}`);
}

export function patchPromotionVariant(
  promotionVariantId: number | string,
  changes: Partial<PromotionVariantRequest>,
): Promise<AdminPromotionVariant> {
  return request<AdminPromotionVariant>(`/api/admin/promotion-variants/${id(promotionVariantId)}`, {
    method: 'PATCH',
    body: changes,
  });
}

/** The CSV export of a promotion variant's checkouts, one row per checkout (the path says orders.csv). */
export function checkoutsCsvUrl(promotionVariantId: number | string): string {
  return `/api/admin/promotion-variants/${id(promotionVariantId)}/orders.csv`;
}

/** Fetches the CSV with the bearer token (a plain link can't send it) and saves it under the name the service gives. */
export function downloadCheckoutsCsv(promotionVariantId: number | string): Promise<Blob> {
  return downloadCsv(checkoutsCsvUrl(promotionVariantId));
}

async function downloadCsv(url: string): Promise<Blob> {
  const response = await send(url, { headers: { Accept: 'text/csv' } });
  const blob = await response.blob();
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
export interface Promotion {
  id: number;
  name: string;
  type: 'snap_up';
  productId: number;
  description: string | null;
  imageUrl: string | null;
  currency: string;
  startsAt: Instant;
  endsAt: Instant;
  variants: PromotionVariant[];
}

/** A promotion as operators see it: every promotion variant with its stats. */
export interface AdminPromotion extends Omit<Promotion, 'variants'> {
  createdAt: Instant;
  variants: AdminPromotionVariant[];
}

/** One variant of POST /api/admin/promotions (its window is the promotion's). */
export interface PromotionVariantDraft {
  variantId: number | null;
  name: string;
  price: Money | null;
  discountRate: number | null;
  stock: number | null;
  quantityLimit: number | null;
  holdSeconds: number | null;
}

/** Request body of POST /api/admin/promotions. */
export interface PromotionRequest {
  name: string;
  productId: number | null;
  description: string | null;
  imageUrl: string | null;
  currency: string | null;
  startsAt: Instant | null;
  endsAt: Instant | null;
  variants: PromotionVariantDraft[];
}

export type PromotionPatch = Partial<Omit<PromotionRequest, 'variants'>>;

/** One operator change: who (user id; null for the service itself), when, and each field before → after. */
export interface AuditEntry {
  id: number;
  promotionId: number;
  promotionVariantId: number | null;
  actorId: number | null;
  action: 'PROMOTION_CREATED' | 'PROMOTION_CHANGED' | 'PROMOTION_VARIANT_CREATED' | 'PROMOTION_VARIANT_CHANGED';
  changes: Record<string, { before?: unknown; after?: unknown }>;
  at: Instant;
}

/** A written checkout as operators see it. */
export interface AdminCheckout extends Omit<Checkout, 'createdAt'> {
  userId: number;
  email: string | null;
  currency: string | null;
  createdAt: Instant;
  confirmedAt: Instant | null;
  paidAt: Instant | null;
  closedAt: Instant | null;
}

async function requestPage<T>(path: string): Promise<Page<T>> {
  const response = await send(path);
  const items = (await response.json()) as T[];
  return { items, ...pageOf(response.headers, items.length) };
}

export function listPromotions(query: ListQuery = {}): Promise<Page<Promotion>> {
  return requestPage<Promotion>(`/api/promotions${queryString(query)}`);
}

export function getPromotion(promotionId: number | string): Promise<Promotion> {
  return request<Promotion>(`/api/promotions/${id(promotionId)}`, { auth: false });
}

export function listAdminPromotions(query: ListQuery = {}): Promise<Page<AdminPromotion>> {
  return requestPage<AdminPromotion>(`/api/admin/promotions${queryString(query)}`);
}

export function getAdminPromotion(promotionId: number | string): Promise<AdminPromotion> {
  return request<AdminPromotion>(`/api/admin/promotions/${id(promotionId)}`);
}

export function createPromotion(input: PromotionRequest): Promise<AdminPromotion> {
  return request<AdminPromotion>('/api/admin/promotions', { method: 'POST', body: input });
}

export function patchPromotion(promotionId: number | string, changes: PromotionPatch): Promise<AdminPromotion> {
  return request<AdminPromotion>(`/api/admin/promotions/${id(promotionId)}`, { method: 'PATCH', body: changes });
}

export function addPromotionVariant(promotionId: number | string, variant: PromotionVariantDraft): Promise<AdminPromotionVariant> {
  return request<AdminPromotionVariant>(`/api/admin/promotions/${id(promotionId)}/variants`, { method: 'POST', body: variant });
}

export function listPromotionAudit(promotionId: number | string, query: ListQuery = {}): Promise<Page<AuditEntry>> {
  return requestPage<AuditEntry>(`/api/admin/promotions/${id(promotionId)}/audit${queryString(query)}`);
}

export function findCheckouts(query: ListQuery = {}): Promise<Page<AdminCheckout>> {
  return requestPage<AdminCheckout>(`/api/admin/checkouts${queryString(query)}`);
}

/** The CSV export of a whole promotion's checkouts, filtered as the query says (status, from, to). */
export function promotionCheckoutsCsvUrl(promotionId: number | string, query: ListQuery = {}): string {
  return `/api/admin/promotions/${id(promotionId)}/orders.csv${queryString(query)}`;
}

export function downloadPromotionCheckoutsCsv(promotionId: number | string, query: ListQuery = {}): Promise<Blob> {
  return downloadCsv(promotionCheckoutsCsvUrl(promotionId, query));
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
