import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { ApiError, backoffDelay, type SnapUpAccepted } from '../api';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), snapUp: vi.fn() }));
vi.mock('../socket', () => ({ watchCheckout: () => ({ stop: () => {}, refresh: () => {} }) }));

const api = await import('../api');
const { useSnapUp, AUTOMATIC_RETRIES } = await import('./useSnapUp');

const shed = () => new ApiError({ status: 503, code: 'UNAVAILABLE', retryAfter: 1 });
const accepted: SnapUpAccepted = { checkoutId: 'c-1', status: 'QUEUED', expiresAt: '2030-01-01T00:00:30Z' };

describe('backoffDelay', () => {
  it('waits Retry-After, doubled per attempt, stretched by up to as much again at random', () => {
    expect(backoffDelay(shed(), 0, () => 0)).toBe(1000);
    expect(backoffDelay(shed(), 0, () => 0.999)).toBe(1999);
    expect(backoffDelay(shed(), 2, () => 0.5)).toBe(6000);
    expect(backoffDelay(new ApiError({ status: 429, code: 'RATE_LIMITED', retryAfter: 3 }), 0, () => 0)).toBe(3000);
    expect(backoffDelay(new ApiError({ status: 503, code: 'HTTP_503' }), 0, () => 0)).toBe(1000); // a proxy's own 503
  });

  it('does not retry what waiting will not change', () => {
    expect(backoffDelay(new ApiError({ status: 409, code: 'SOLD_OUT' }), 0)).toBeNull();
    expect(backoffDelay(new ApiError({ status: 429, code: 'COOLING_DOWN', retryAfter: 60 }), 0)).toBeNull();
    expect(backoffDelay(new ApiError({ status: 400, code: 'VALIDATION_FAILED' }), 0)).toBeNull();
  });
});

describe('useSnapUp backs off on busy answers', () => {
  const snapUp = vi.mocked(api.snapUp);

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    snapUp.mockReset();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('tries again after Retry-After plus jitter, with the same Idempotency-Key, and is queued', async () => {
    snapUp.mockRejectedValueOnce(shed()).mockResolvedValueOnce(accepted);
    const scope = effectScope();
    const flow = scope.run(() => useSnapUp(() => 7))!;

    const done = flow.snapUp();
    await vi.advanceTimersByTimeAsync(1499);
    expect(snapUp).toHaveBeenCalledTimes(1);
    expect(flow.state.value.kind).toBe('requesting');
    await vi.advanceTimersByTimeAsync(1);
    await done;

    expect(snapUp).toHaveBeenCalledTimes(2);
    expect(snapUp.mock.calls[1][1]).toBe(snapUp.mock.calls[0][1]);
    expect(flow.state.value.kind).toBe('queued');
    scope.stop();
  });

  it('gives up after a few retries and tells the buyer it is busy', async () => {
    snapUp.mockRejectedValue(shed());
    const scope = effectScope();
    const flow = scope.run(() => useSnapUp(() => 7))!;

    const done = flow.snapUp();
    await vi.advanceTimersByTimeAsync(60_000);
    await done;

    expect(snapUp).toHaveBeenCalledTimes(1 + AUTOMATIC_RETRIES);
    expect(flow.state.value.kind).toBe('unavailable');
    scope.stop();
  });

  it('does not retry a refusal', async () => {
    snapUp.mockRejectedValue(new ApiError({ status: 409, code: 'SOLD_OUT' }));
    const scope = effectScope();
    const flow = scope.run(() => useSnapUp(() => 7))!;

    await flow.snapUp();

    expect(snapUp).toHaveBeenCalledTimes(1);
    expect(flow.state.value.kind).toBe('sold-out');
    scope.stop();
  });
});
