/**
 * The one typed client for the flashsale HTTP API (see shared/API.md).
 * Every call goes through `request`, which adds the bearer token and turns
 * any non-2xx answer into an `ApiError` read from application/problem+json.
 */

export type Money = string; // decimal string, e.g. "1999.00"
export type Instant = string; // ISO-8601 UTC, e.g. "2025-11-21T20:00:00Z"

// ---------- shapes ----------

export interface Account {
  id: number | string;
  name: string;
  email: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/** A sale as shoppers see it. */
export interface PromotionVariant {
  id: number;
  name: string;
  description: string | null;
  imageUrl: string | null;
  price: Money;
  discountRate: number | string;
  salePrice: Money;
  quantityLimit: number;
  startsAt: Instant;
  endsAt: Instant;
  available: number;
  /** Not in the v1 contract; used for the stock bar when the backend sends it. */
  stock?: number;
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
}

/** A sale as operators see it: every request field plus id, salePrice and stats. */
export interface AdminPromotionVariant {
  id: number;
  variantId: number;
  name: string;
  description: string | null;
  imageUrl: string | null;
  price: Money;
  discountRate: number | string;
  salePrice: Money;
  stock: number;
  quantityLimit: number;
  holdSeconds: number;
  startsAt: Instant;
  endsAt: Instant;
  enabled: boolean;
  stats: PromotionVariantStats;
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

export interface SnapUpAccepted {
  checkoutId: string;
  status: CheckoutStatus;
  expiresAt: Instant | null;
  /** The Location header: /api/checkouts/{checkoutId}. */
  location: string | null;
}

export interface Checkout {
  checkoutId: string;
  promotionVariantId: number;
  quantity: number;
  unitPrice: Money;
  status: CheckoutStatus;
  expiresAt: Instant | null;
  /** Not in the v1 contract; shown in "My orders" when present. */
  createdAt?: Instant;
}

// ---------- errors ----------

export interface FieldError {
  field: string;
  message: string;
}

/** A failed call: the problem+json body, or what we could infer without one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait, from Retry-After (set for 429 and sometimes 503). */
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

  /** The message for one form field, if the backend named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value == null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function toFieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? e.detail ?? '') }));
}

export async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let body: Record<string, unknown> = {};
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // An unreadable body still leaves the status to go on.
    }
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return new ApiError({
    status: response.status,
    code: str(body.code) ?? CODE_BY_STATUS[response.status] ?? `HTTP_${response.status}`,
    title: str(body.title) ?? response.statusText,
    detail: str(body.detail),
    errors: toFieldErrors(body.errors),
    retryAfter,
  });
}

// ---------- token ----------

const TOKEN_KEY = 'flashsale.token';

export interface TokenClaims {
  sub: string;
  roles: string[];
  /** Seconds since the epoch. */
  exp: number;
  name?: string;
  email?: string;
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

/** Reads the JWT payload without verifying it: the backend verifies, we only display. */
export function decodeToken(token: string | null): TokenClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length < 2) return null;
  try {
    const payload = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    const roles = Array.isArray(payload.roles)
      ? payload.roles.map(String)
      : typeof payload.roles === 'string'
        ? payload.roles.split(/[ ,]+/).filter(Boolean)
        : [];
    return {
      sub: String(payload.sub ?? ''),
      roles,
      exp: typeof payload.exp === 'number' ? payload.exp : 0,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      email: typeof payload.email === 'string' ? payload.email : undefined,
    };
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims | null, now: number = Date.now()): boolean {
  return !claims || (claims.exp > 0 && claims.exp * 1000 <= now);
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
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      title: 'Network error',
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // A token the backend refuses is of no further use: drop it so the page asks to sign in.
    if (response.status === 401 && token) setToken(null);
    throw error;
  }
  return response;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Lists are plain JSON arrays; a Spring page (`content`) is accepted too. */
function asList<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['content', 'items', 'data']) if (Array.isArray(b[key])) return b[key] as T[];
  }
  return [];
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

export async function listPromotionVariants(): Promise<PromotionVariant[]> {
  return asList<PromotionVariant>(await request<unknown>('/api/promotion-variants', { auth: false }));
}

export function getPromotionVariant(promotionVariantId: number | string): Promise<PromotionVariant> {
  return request<PromotionVariant>(`/api/promotion-variants/${id(promotionVariantId)}`, { auth: false });
}

export async function snapUp(input: SnapUpRequest, idempotencyKey?: string): Promise<SnapUpAccepted> {
  const headers: Record<string, string> = {};
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await send('/api/snap-up/checkouts', {
    method: 'POST',
    body: { promotionVariantId: input.promotionVariantId, quantity: input.quantity ?? 1 },
    headers,
  });
  const body = (await response.json()) as Omit<SnapUpAccepted, 'location'>;
  return { ...body, location: response.headers.get('Location') };
}

export async function listCheckouts(): Promise<Checkout[]> {
  return asList<Checkout>(await request<unknown>('/api/checkouts'));
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

export async function createPromotionVariant(
  input: PromotionVariantRequest,
): Promise<{ promotionVariant: AdminPromotionVariant; location: string | null }> {
  const response = await send('/api/admin/promotion-variants', { method: 'POST', body: input });
  const promotionVariant = (await response.json()) as AdminPromotionVariant;
  return { promotionVariant, location: response.headers.get('Location') };
}

export async function listAdminPromotionVariants(): Promise<AdminPromotionVariant[]> {
  return asList<AdminPromotionVariant>(await request<unknown>('/api/admin/promotion-variants'));
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

export function ordersCsvUrl(promotionVariantId: number | string): string {
  return `/api/admin/promotion-variants/${id(promotionVariantId)}/orders.csv`;
}

/** Fetches the CSV with the bearer token (a plain link can't send it) and saves it as a file. */
export async function downloadOrdersCsv(promotionVariantId: number | string): Promise<Blob> {
  const response = await send(ordersCsvUrl(promotionVariantId), { headers: { Accept: 'text/csv' } });
  const blob = await response.blob();
  const fromHeader = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const fileName = fromHeader ?? `promotion-variant-${promotionVariantId}-orders.csv`;
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
