import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  cancelCheckout,
  checkoutsCsvUrl,
  confirmCheckout,
  createPromotionVariant,
  decodeToken,
  discardDeadLetter,
  downloadCheckoutsCsv,
  getCheckout,
  getToken,
  isExpired,
  listCheckouts,
  listDeadLetters,
  listPromotionVariants,
  newIdempotencyKey,
  parseRetryAfter,
  patchPromotionVariant,
  payCheckout,
  redriveAllDeadLetters,
  redriveDeadLetter,
  register,
  setToken,
  signIn,
  snapUp,
} from './api';

function jwt(payload: Record<string, unknown>): string {
  const enc = (o: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.signature`;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

const fetchMock = vi.fn<typeof fetch>();

/** What the page sent: the generated client hands fetch a Request, read here into its parts. */
interface Sent {
  url: string;
  init: { method: string; body: string | null };
  headers: Record<string, string>;
}
const sent: Sent[] = [];
const lastCall = () => sent[sent.length - 1];

async function record(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    // the names as the page writes them (Headers keeps them lower-case)
    const known = ['Authorization', 'Idempotency-Key', 'Content-Type', 'Accept'].find((h) => h.toLowerCase() === name);
    headers[known ?? name] = value;
  });
  const body = request.body ? await request.text() : null;
  sent.push({ url: url.pathname + url.search, init: { method: request.method, body }, headers });
  return fetchMock(input, init);
}

beforeEach(() => {
  localStorage.clear();
  fetchMock.mockReset();
  sent.length = 0;
  vi.stubGlobal('fetch', record);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requests', () => {
  it('sends the bearer token from storage on authenticated calls', async () => {
    setToken('tok-123');
    fetchMock.mockResolvedValue(json([]));
    await listCheckouts();
    expect(lastCall().url).toBe('/api/checkouts');
    expect(lastCall().headers.Authorization).toBe('Bearer tok-123');
  });

  it('sends no Authorization header when signed out', async () => {
    fetchMock.mockResolvedValue(json([]));
    await listCheckouts();
    expect(lastCall().headers.Authorization).toBeUndefined();
  });

  it('reads public promotion variants without the token', async () => {
    setToken('tok-123');
    fetchMock.mockResolvedValue(json([{ id: 1, name: 'Phone' }]));
    const promotionVariants = await listPromotionVariants();
    expect(promotionVariants).toHaveLength(1);
    expect(lastCall().url).toBe('/api/promotion-variants');
    expect(lastCall().headers.Authorization).toBeUndefined();
  });

  it('posts JSON with a Content-Type on register', async () => {
    fetchMock.mockResolvedValue(json({ id: 7, name: 'Ada', email: 'ada@example.com' }, 201));
    const account = await register({ name: 'Ada', email: 'ada@example.com', password: 'secret123' });
    expect(account.id).toBe(7);
    const { url, init, headers } = lastCall();
    expect(url).toBe('/api/auth/register');
    expect(init.method).toBe('POST');
    expect(headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'Ada', email: 'ada@example.com', password: 'secret123' });
  });

  it('keeps the token from sign-in and decodes its claims', async () => {
    const token = jwt({ sub: '42', roles: ['USER', 'OPERATOR'], exp: 4_000_000_000 });
    fetchMock.mockResolvedValue(json({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    const claims = await signIn('op@example.com', 'pw');
    expect(lastCall().url).toBe('/api/auth/token');
    expect(getToken()).toBe(token);
    expect(claims).toMatchObject({ sub: '42', roles: ['USER', 'OPERATOR'], exp: 4_000_000_000 });
  });

  it('snaps up with quantity 1 by default and an Idempotency-Key', async () => {
    setToken('tok');
    fetchMock.mockResolvedValue(
      json({ checkoutId: 'c-1', status: 'QUEUED', expiresAt: '2030-01-01T00:05:00Z' }, 202, {
        Location: '/api/checkouts/c-1',
      }),
    );
    const accepted = await snapUp({ promotionVariantId: 5 }, 'key-abc');
    const { url, init, headers } = lastCall();
    expect(url).toBe('/api/snap-up/checkouts');
    expect(init.method).toBe('POST');
    expect(headers['Idempotency-Key']).toBe('key-abc');
    expect(JSON.parse(String(init.body))).toEqual({ promotionVariantId: 5, quantity: 1 });
    expect(accepted).toEqual({ checkoutId: 'c-1', status: 'QUEUED', expiresAt: '2030-01-01T00:05:00Z' });
  });

  it('sends no Idempotency-Key when none is given', async () => {
    setToken('tok');
    fetchMock.mockResolvedValue(json({ checkoutId: 'c-1', status: 'QUEUED', expiresAt: null }, 202));
    await snapUp({ promotionVariantId: 5, quantity: 2 });
    expect(lastCall().headers['Idempotency-Key']).toBeUndefined();
    expect(JSON.parse(String(lastCall().init.body)).quantity).toBe(2);
  });

  it('uses the contract paths for checkout actions', async () => {
    setToken('tok');
    fetchMock.mockImplementation(async () => json({ checkoutId: 'a/b', status: 'CONFIRMED', expiresAt: null }));
    await getCheckout('c-9');
    expect(lastCall().url).toBe('/api/checkouts/c-9');
    await confirmCheckout('c-9', '1 Main St');
    expect(lastCall().url).toBe('/api/checkouts/c-9/confirm');
    expect(JSON.parse(String(lastCall().init.body))).toEqual({ address: '1 Main St' });
    await payCheckout('c-9');
    expect(lastCall().url).toBe('/api/checkouts/c-9/pay');
    expect(lastCall().init.method).toBe('POST');
    await cancelCheckout('a/b');
    expect(lastCall().url).toBe('/api/checkouts/a%2Fb/cancel');
  });

  it('creates and patches promotion variants as an operator', async () => {
    setToken('tok');
    fetchMock.mockResolvedValueOnce(json({ id: 3, name: 'X' }, 201, { Location: '/api/admin/promotion-variants/3' }));
    const created = await createPromotionVariant({
      variantId: 1,
      name: 'X',
      description: null,
      imageUrl: null,
      price: '1999.00',
      discountRate: 0.8,
      stock: 10,
      quantityLimit: 1,
      holdSeconds: 60,
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-02T00:00:00Z',
      enabled: true,
      maxUnpaidPerAddress: 4,
      abandonCoolDownSeconds: 60,
      stockBuckets: 1,
    });
    expect(created.id).toBe(3);
    expect(lastCall().init.method).toBe('POST');
    expect(JSON.parse(String(lastCall().init.body))).toMatchObject({ price: '1999.00', maxUnpaidPerAddress: 4, abandonCoolDownSeconds: 60 });

    fetchMock.mockResolvedValueOnce(json({ id: 3, enabled: false }));
    await patchPromotionVariant(3, { enabled: false });
    expect(lastCall().url).toBe('/api/admin/promotion-variants/3');
    expect(lastCall().init.method).toBe('PATCH');
    expect(JSON.parse(String(lastCall().init.body))).toEqual({ enabled: false });
  });

  it('downloads the CSV with the bearer token, under the name the service gives', async () => {
    setToken('tok');
    expect(checkoutsCsvUrl(4)).toBe('/api/admin/promotion-variants/4/orders.csv');
    fetchMock.mockResolvedValue(
      new Response('checkoutId,userId\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="promotion-variant-4-orders.csv"' },
      }),
    );
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => {} }));
    const blob = await downloadCheckoutsCsv(4);
    expect(clicked[0]?.download).toBe('promotion-variant-4-orders.csv');
    expect(lastCall().url).toBe('/api/admin/promotion-variants/4/orders.csv');
    expect(lastCall().headers.Authorization).toBe('Bearer tok');
    expect(await blob.text()).toContain('checkoutId');
  });

  it('lists, re-drives and discards dead letters on the contract paths', async () => {
    setToken('tok');
    fetchMock.mockResolvedValueOnce(json([{ id: 7, status: 'PENDING' }]));
    const pending = await listDeadLetters('PENDING');
    expect(pending[0].id).toBe(7);
    expect(lastCall().url).toBe('/api/admin/dead-letters?status=PENDING');
    expect(lastCall().headers.Authorization).toBe('Bearer tok');

    fetchMock.mockResolvedValueOnce(json([]));
    await listDeadLetters();
    expect(lastCall().url).toBe('/api/admin/dead-letters');

    fetchMock.mockResolvedValueOnce(json({ id: 7, status: 'REDRIVEN' }));
    expect((await redriveDeadLetter(7)).status).toBe('REDRIVEN');
    expect(lastCall().url).toBe('/api/admin/dead-letters/7/redrive');
    expect(lastCall().init.method).toBe('POST');

    fetchMock.mockResolvedValueOnce(json({ redriven: 3 }));
    expect(await redriveAllDeadLetters()).toEqual({ redriven: 3 });
    expect(lastCall().url).toBe('/api/admin/dead-letters/redrive');

    fetchMock.mockResolvedValueOnce(json({ id: 8, status: 'DISCARDED' }));
    await discardDeadLetter(8, 'fraud');
    expect(lastCall().url).toBe('/api/admin/dead-letters/8/discard');
    expect(JSON.parse(String(lastCall().init.body))).toEqual({ note: 'fraud' });
  });

  it('turns a resolved dead letter into its problem code', async () => {
    fetchMock.mockResolvedValue(problem(409, { code: 'DEAD_LETTER_RESOLVED', title: 'Conflict' }));
    await expect(redriveDeadLetter(9)).rejects.toMatchObject({ status: 409, code: 'DEAD_LETTER_RESOLVED' });
  });
});

describe('errors', () => {
  it('parses problem+json with code, title, detail and field errors', async () => {
    fetchMock.mockResolvedValue(
      problem(400, {
        title: 'Bad Request',
        code: 'VALIDATION_FAILED',
        detail: 'Some fields are invalid',
        errors: [
          { field: 'email', message: 'must be a well-formed email address' },
          { field: 'password', message: 'size must be between 8 and 100' },
        ],
      }),
    );
    const error = await register({ name: '', email: 'x', password: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.title).toBe('Bad Request');
    expect(e.detail).toBe('Some fields are invalid');
    expect(e.errors).toHaveLength(2);
    expect(e.fieldMessage('email')).toBe('must be a well-formed email address');
  });

  it.each([
    ['SOLD_OUT', 409],
    ['LIMIT_EXCEEDED', 409],
    ['NOT_STARTED', 409],
    ['ENDED', 409],
    ['UNAVAILABLE', 503],
  ])('carries %s from a snap-up refusal', async (code, status) => {
    setToken('tok');
    fetchMock.mockResolvedValue(problem(status, { code, title: 'x' }));
    await expect(snapUp({ promotionVariantId: 1 })).rejects.toMatchObject({ status, code });
  });

  it('reads Retry-After seconds on 429', async () => {
    setToken('tok');
    fetchMock.mockResolvedValue(problem(429, { code: 'RATE_LIMITED', title: 'Too Many Requests' }, { 'Retry-After': '3' }));
    await expect(snapUp({ promotionVariantId: 1 })).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: 3 });
  });

  it("keeps the status of a proxy's HTML page, which is not the service's answer", async () => {
    fetchMock.mockResolvedValue(
      new Response('<html><body>502 Bad Gateway</body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html' },
      }),
    );
    await expect(listCheckouts()).rejects.toMatchObject({ status: 502, code: 'HTTP_502', title: 'Bad Gateway', errors: [], retryAfter: null });
  });

  it("reads Retry-After from a proxy's 503 too", async () => {
    fetchMock.mockResolvedValue(new Response('', { status: 503, headers: { 'Retry-After': '30' } }));
    await expect(listPromotionVariants()).rejects.toMatchObject({ status: 503, code: 'HTTP_503', retryAfter: 30 });
  });

  it('treats a problem body cut off mid-way like any answer it cannot read', async () => {
    fetchMock.mockResolvedValue(new Response('{"code":"SOLD_', { status: 409, headers: { 'Content-Type': 'application/problem+json' } }));
    await expect(listPromotionVariants()).rejects.toMatchObject({ status: 409, code: 'HTTP_409' });
  });

  it('turns a network failure into status 0 NETWORK_ERROR', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(listPromotionVariants()).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('drops a token the service refuses with 401', async () => {
    setToken('stale');
    fetchMock.mockResolvedValue(problem(401, { code: 'UNAUTHORIZED', title: 'Unauthorized' }));
    await expect(listCheckouts()).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(getToken()).toBeNull();
  });

  it('keeps the stored token when sign-in itself is refused', async () => {
    setToken('current');
    fetchMock.mockResolvedValue(problem(401, { code: 'BAD_CREDENTIALS', title: 'Unauthorized' }));
    await expect(signIn('a@b.c', 'wrong')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(getToken()).toBe('current');
  });
});

describe('Retry-After', () => {
  it('reads whole seconds, as the service sends them', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(' 1 ')).toBe(1);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('token', () => {
  it('decodes sub, roles and exp without verifying', () => {
    const claims = decodeToken(jwt({ sub: '9', roles: ['USER'], exp: 100, iss: 'flashsale', aud: ['flashsale'] }));
    expect(claims).toEqual({ sub: '9', roles: ['USER'], exp: 100 });
  });

  it('rejects garbage and reports expiry', () => {
    expect(decodeToken('not-a-jwt')).toBeNull();
    expect(decodeToken(null)).toBeNull();
    expect(decodeToken('a.!!!.c')).toBeNull();
    expect(isExpired(decodeToken(jwt({ sub: '1', roles: [], exp: 100 })), 101_000)).toBe(true);
    expect(isExpired(decodeToken(jwt({ sub: '1', roles: [], exp: 100 })), 99_000)).toBe(false);
  });
});

describe('idempotency keys', () => {
  it('are UUID-shaped and fresh every time, even without crypto.randomUUID', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    vi.stubGlobal('crypto', { getRandomValues: (b: Uint8Array) => b.map((_, i) => i * 7) });
    const b = newIdempotencyKey();
    expect(b).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
  });
});
