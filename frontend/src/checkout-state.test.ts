import { describe, expect, it } from 'vitest';
import {
  canSnapUp,
  describe as describeState,
  initialState,
  isInProgress,
  mayReuseIdempotencyKey,
  reduce,
  stateForError,
  stateForStatus,
  type SnapUpAction,
  type SnapUpState,
} from './checkout-state';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const HOLD = '2030-01-01T00:05:00Z';
const PAY_BY = '2030-01-01T00:10:00Z';

function run(...actions: SnapUpAction[]): SnapUpState {
  return actions.reduce(reduce, initialState);
}

const requested: SnapUpAction = { type: 'requested' };
const accepted: SnapUpAction = { type: 'accepted', checkoutId: 'c1', status: 'QUEUED', expiresAt: HOLD };
const update = (status: Parameters<typeof stateForStatus>[0]['status'], expiresAt: string | null = null, checkoutId = 'c1'): SnapUpAction => ({
  type: 'updated',
  checkoutId,
  status,
  expiresAt,
});
const rejected = (status: number, code: string, retryAfter: number | null = null): SnapUpAction => ({
  type: 'rejected',
  error: { status, code, retryAfter },
  now: NOW,
});

describe('the happy path', () => {
  it('goes idle → requesting → queued → checkout → confirmed → paid', () => {
    let state = initialState;
    expect(state.kind).toBe('idle');
    state = reduce(state, requested);
    expect(state.kind).toBe('requesting');
    state = reduce(state, accepted);
    expect(state).toEqual({ kind: 'queued', checkoutId: 'c1', expiresAt: HOLD });
    state = reduce(state, update('CHECKOUT', HOLD));
    expect(state).toEqual({ kind: 'checkout', checkoutId: 'c1', expiresAt: HOLD });
    state = reduce(state, update('CONFIRMED', PAY_BY));
    expect(state).toEqual({ kind: 'confirmed', checkoutId: 'c1', expiresAt: PAY_BY });
    state = reduce(state, update('PAID'));
    expect(state).toEqual({ kind: 'paid', checkoutId: 'c1' });
  });
});

describe('the hold counts from the write', () => {
  it('counts down from the deadline OrderChecked pushes, not from the estimate the 202 gave', () => {
    const written = '2030-01-01T00:07:30Z'; // queued through an outage: the hold starts when it is written
    const state = run(requested, accepted, update('CHECKOUT', written));
    expect(state).toEqual({ kind: 'checkout', checkoutId: 'c1', expiresAt: written });
  });
});

describe('refused snap-ups', () => {
  it.each([
    [409, 'SOLD_OUT', 'sold-out'],
    [409, 'LIMIT_EXCEEDED', 'limit-reached'],
    [409, 'NOT_STARTED', 'not-started'],
    [409, 'ENDED', 'ended'],
    [409, 'ADDRESS_LIMIT_EXCEEDED', 'address-limited'],
    [429, 'COOLING_DOWN', 'cooling-down'],
    [503, 'UNAVAILABLE', 'unavailable'],
    [503, 'HTTP_503', 'unavailable'], // a proxy's own 503 page
    [429, 'HTTP_429', 'rate-limited'], // a proxy's own 429
    [502, 'HTTP_502', 'error'], // a load balancer's 502 page
    [401, 'UNAUTHORIZED', 'sign-in-required'],
    [404, 'NOT_FOUND', 'error'],
    [400, 'VALIDATION_FAILED', 'error'],
    [0, 'NETWORK_ERROR', 'error'],
  ])('%i %s → %s', (status, code, kind) => {
    expect(run(requested, rejected(status, code)).kind).toBe(kind);
  });

  // RATE_LIMITED: too many tries; COOLING_DOWN: the buyer let a checkout of this promotion variant lapse.
  it.each([
    ['RATE_LIMITED', 'rate-limited', 3],
    ['COOLING_DOWN', 'cooling-down', 45],
  ] as const)('429 %s → %s backs off until Retry-After has passed', (code, kind, seconds) => {
    const state = run(requested, rejected(429, code, seconds));
    expect(state).toEqual({ kind, retryAfter: seconds, retryAt: NOW + seconds * 1000 });
    expect(canSnapUp(state, NOW)).toBe(false);
    expect(canSnapUp(state, NOW + seconds * 1000 - 1)).toBe(false);
    expect(canSnapUp(state, NOW + seconds * 1000)).toBe(true);
  });

  it.each([
    ['RATE_LIMITED', 'rate-limited'],
    ['COOLING_DOWN', 'cooling-down'],
  ] as const)('429 %s without Retry-After may retry at once', (code, kind) => {
    const state = stateForError({ status: 429, code }, NOW);
    expect(state).toEqual({ kind, retryAfter: null, retryAt: null });
    expect(canSnapUp(state, NOW)).toBe(true);
  });

  it('ADDRESS_LIMIT_EXCEEDED leaves the button usable: paying or letting holds go frees the address', () => {
    const state = run(requested, rejected(409, 'ADDRESS_LIMIT_EXCEEDED'));
    expect(canSnapUp(state, NOW)).toBe(true);
    expect(mayReuseIdempotencyKey(state)).toBe(false);
  });

  it('ignores a refusal that arrives when no request is in flight', () => {
    expect(run(rejected(409, 'SOLD_OUT')).kind).toBe('idle');
  });
});

describe('checkout events and polled statuses', () => {
  const inCheckout = () => run(requested, accepted, update('CHECKOUT', HOLD));

  it.each([
    ['EXPIRED', 'expired'],
    ['CANCELLED', 'cancelled'],
    ['FAILED', 'failed'],
  ] as const)('%s ends the flow as %s', (status, kind) => {
    expect(reduce(inCheckout(), update(status)).kind).toBe(kind);
  });

  it('a queued request can fail before it is written down', () => {
    expect(run(requested, accepted, update('FAILED'))).toEqual({ kind: 'failed', checkoutId: 'c1' });
  });

  it('a confirmed order expires when unpaid', () => {
    expect(reduce(reduce(inCheckout(), update('CONFIRMED', PAY_BY)), update('EXPIRED')).kind).toBe('expired');
  });

  it('ignores events for other checkouts', () => {
    expect(reduce(inCheckout(), update('EXPIRED', null, 'someone-else')).kind).toBe('checkout');
  });

  it('never goes backwards on a stale poll answer', () => {
    const confirmed = reduce(inCheckout(), update('CONFIRMED', PAY_BY));
    expect(reduce(confirmed, update('CHECKOUT', HOLD))).toBe(confirmed);
    expect(reduce(confirmed, update('QUEUED'))).toBe(confirmed);
  });

  it('keeps a final state final', () => {
    const paid = reduce(inCheckout(), update('PAID'));
    expect(reduce(paid, update('EXPIRED'))).toBe(paid);
    const expired = reduce(inCheckout(), update('EXPIRED'));
    expect(reduce(expired, update('PAID'))).toBe(expired);
  });

  it('the 202 may already say CHECKOUT', () => {
    expect(run(requested, { type: 'accepted', checkoutId: 'c1', status: 'CHECKOUT', expiresAt: HOLD }).kind).toBe('checkout');
  });

  it('resumes a checkout found on reload', () => {
    expect(run({ type: 'resumed', checkoutId: 'c9', status: 'CONFIRMED', expiresAt: PAY_BY })).toEqual({
      kind: 'confirmed',
      checkoutId: 'c9',
      expiresAt: PAY_BY,
    });
  });
});

describe('refused confirm/pay/cancel', () => {
  it('keeps the state and adds a notice', () => {
    const state = reduce(run(requested, accepted, update('CHECKOUT', HOLD)), {
      type: 'action-failed',
      error: { status: 409, code: 'INVALID_STATE' },
    });
    expect(state.kind).toBe('checkout');
    expect(state).toHaveProperty('notice', expect.stringContaining('no longer be changed'));
  });

  it('clears the notice on the next update', () => {
    const withNotice = reduce(run(requested, accepted, update('CHECKOUT', HOLD)), {
      type: 'action-failed',
      error: { status: 0, code: 'NETWORK_ERROR' },
    });
    expect(reduce(withNotice, update('CONFIRMED', PAY_BY))).not.toHaveProperty('notice');
  });
});

describe('the Snap up button', () => {
  it('is disabled while a request is in flight and after a success', () => {
    for (const state of [
      run(requested),
      run(requested, accepted),
      run(requested, accepted, update('CHECKOUT', HOLD)),
      run(requested, accepted, update('CHECKOUT', HOLD), update('CONFIRMED', PAY_BY)),
      run(requested, accepted, update('CHECKOUT', HOLD), update('PAID')),
    ]) {
      expect(canSnapUp(state, NOW), state.kind).toBe(false);
    }
  });

  it('cannot be pressed twice', () => {
    const requesting = run(requested);
    expect(reduce(requesting, requested)).toBe(requesting);
  });

  it('may be pressed again after outcomes that leave a chance', () => {
    for (const state of [
      initialState,
      run(requested, rejected(409, 'SOLD_OUT')),
      run(requested, rejected(409, 'NOT_STARTED')),
      run(requested, rejected(503, 'UNAVAILABLE')),
      run(requested, rejected(409, 'ADDRESS_LIMIT_EXCEEDED')),
      run(requested, accepted, update('EXPIRED')),
      run(requested, accepted, update('CANCELLED')),
      run(requested, accepted, update('FAILED')),
    ]) {
      expect(canSnapUp(state, NOW), state.kind).toBe(true);
    }
  });

  it('stays disabled once the limit is reached or the window ended', () => {
    expect(canSnapUp(run(requested, rejected(409, 'LIMIT_EXCEEDED')), NOW)).toBe(false);
    expect(canSnapUp(run(requested, rejected(409, 'ENDED')), NOW)).toBe(false);
  });

  it('reuses the Idempotency-Key only when nothing definite came back', () => {
    expect(mayReuseIdempotencyKey(run(requested, rejected(503, 'UNAVAILABLE')))).toBe(true);
    expect(mayReuseIdempotencyKey(run(requested, rejected(0, 'NETWORK_ERROR')))).toBe(true);
    expect(mayReuseIdempotencyKey(run(requested, rejected(409, 'SOLD_OUT')))).toBe(false);
    expect(mayReuseIdempotencyKey(run(requested, accepted, update('EXPIRED')))).toBe(false);
  });
});

describe('messages', () => {
  it('every state but idle has a human message', () => {
    const states: SnapUpState[] = [
      { kind: 'requesting' },
      { kind: 'queued', checkoutId: 'c', expiresAt: null },
      { kind: 'checkout', checkoutId: 'c', expiresAt: HOLD },
      { kind: 'confirmed', checkoutId: 'c', expiresAt: PAY_BY },
      { kind: 'paid', checkoutId: 'c' },
      { kind: 'expired', checkoutId: 'c' },
      { kind: 'cancelled', checkoutId: 'c' },
      { kind: 'failed', checkoutId: 'c' },
      { kind: 'sold-out' },
      { kind: 'limit-reached' },
      { kind: 'not-started' },
      { kind: 'ended' },
      { kind: 'rate-limited', retryAfter: 5, retryAt: NOW + 5000 },
      { kind: 'address-limited' },
      { kind: 'cooling-down', retryAfter: 60, retryAt: NOW + 60_000 },
      { kind: 'unavailable' },
      { kind: 'sign-in-required' },
      { kind: 'error', status: 500, code: 'X', message: 'Boom' },
    ];
    for (const state of states) {
      const message = describeState(state, NOW);
      expect(message?.title, state.kind).toBeTruthy();
      expect(message?.body, state.kind).toBeTruthy();
    }
    expect(describeState(initialState)).toBeNull();
  });

  it('counts down the rate-limit wait', () => {
    const state: SnapUpState = { kind: 'rate-limited', retryAfter: 5, retryAt: NOW + 5000 };
    expect(describeState(state, NOW + 1200)?.body).toContain('4 s');
  });

  it('says why the network may not hold more', () => {
    expect(describeState({ kind: 'address-limited' })?.body).toBe(
      'Too many units are held unpaid from your network right now; pay or let them go first.',
    );
  });

  it('counts down the cool-down from Retry-After', () => {
    const state = stateForError({ status: 429, code: 'COOLING_DOWN', retryAfter: 30 }, NOW);
    expect(describeState(state, NOW)?.body).toBe('You let a checkout lapse; try again in 30 s.');
    expect(describeState(state, NOW + 10_500)?.body).toBe('You let a checkout lapse; try again in 20 s.');
    expect(describeState(state, NOW + 30_000)?.body).not.toMatch(/\d+ s/);
  });

  it('says sold out plainly', () => {
    expect(describeState({ kind: 'sold-out' })?.title).toBe('Sold out');
  });
});

describe('isInProgress', () => {
  it('is true exactly for queued, checkout and confirmed', () => {
    expect(isInProgress(run(requested, accepted))).toBe(true);
    expect(isInProgress(run(requested, accepted, update('CHECKOUT')))).toBe(true);
    expect(isInProgress(run(requested, accepted, update('CONFIRMED')))).toBe(true);
    expect(isInProgress(run(requested, accepted, update('PAID')))).toBe(false);
    expect(isInProgress(run(requested))).toBe(false);
  });
});
