/**
 * The buyer's snap-up flow as pure state: no timers, no fetch, no DOM.
 *
 * idle → requesting → queued (in line) → checkout (hold) → confirmed (payment due) → paid,
 * or one of the outcomes below. API errors, socket events and polled statuses
 * all come in as actions, so every transition is unit-tested.
 */
import type { CheckoutStatus, Instant } from './api';

export type SnapUpState =
  | { kind: 'idle' }
  | { kind: 'requesting' }
  | { kind: 'queued'; checkoutId: string; expiresAt: Instant | null }
  | { kind: 'checkout'; checkoutId: string; expiresAt: Instant | null; notice?: string }
  | { kind: 'confirmed'; checkoutId: string; expiresAt: Instant | null; notice?: string }
  | { kind: 'paid'; checkoutId: string }
  | { kind: 'expired'; checkoutId: string }
  | { kind: 'cancelled'; checkoutId: string }
  | { kind: 'failed'; checkoutId: string | null }
  | { kind: 'sold-out' }
  | { kind: 'limit-reached' }
  | { kind: 'not-started' }
  | { kind: 'ended' }
  | { kind: 'rate-limited'; retryAfter: number | null; retryAt: number | null }
  /** Too many units held unpaid from the buyer's client address (shared by everyone behind one network). */
  | { kind: 'address-limited' }
  /** The buyer let a checkout of this promotion variant lapse (expired or cancelled) and must wait. */
  | { kind: 'cooling-down'; retryAfter: number | null; retryAt: number | null }
  | { kind: 'unavailable' }
  | { kind: 'sign-in-required' }
  | { kind: 'error'; status: number; code: string; message: string };

export type StateKind = SnapUpState['kind'];

/** What the flow needs from an ApiError (kept structural so this file stays pure). */
export interface ErrorLike {
  status: number;
  code: string;
  detail?: string;
  retryAfter?: number | null;
}

export interface CheckoutSnapshot {
  checkoutId: string;
  status: CheckoutStatus;
  expiresAt: Instant | null;
}

export type SnapUpAction =
  | { type: 'requested' }
  | ({ type: 'accepted' } & CheckoutSnapshot)
  | { type: 'rejected'; error: ErrorLike; now: number }
  /** From a socket event, a poll, or the answer to confirm/pay/cancel. */
  | ({ type: 'updated' } & CheckoutSnapshot)
  /** Reopening the page with a checkout already under way. */
  | ({ type: 'resumed' } & CheckoutSnapshot)
  /** confirm/pay/cancel was refused; the state stays, with a note. */
  | { type: 'action-failed'; error: ErrorLike }
  | { type: 'reset' };

export const initialState: SnapUpState = { kind: 'idle' };

/** Rank of progress; a late poll answer must never move the flow backwards. */
const RANK: Record<CheckoutStatus, number> = {
  QUEUED: 0,
  CHECKOUT: 1,
  CONFIRMED: 2,
  PAID: 3,
  EXPIRED: 3,
  CANCELLED: 3,
  FAILED: 3,
};

const FINAL_STATUSES: ReadonlySet<CheckoutStatus> = new Set(['PAID', 'EXPIRED', 'CANCELLED', 'FAILED']);

export function isFinalStatus(status: CheckoutStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** The state a checkout in `status` puts the flow in. */
export function stateForStatus(snapshot: CheckoutSnapshot): SnapUpState {
  const { checkoutId, expiresAt } = snapshot;
  switch (snapshot.status) {
    case 'QUEUED':
      return { kind: 'queued', checkoutId, expiresAt };
    case 'CHECKOUT':
      return { kind: 'checkout', checkoutId, expiresAt };
    case 'CONFIRMED':
      return { kind: 'confirmed', checkoutId, expiresAt };
    case 'PAID':
      return { kind: 'paid', checkoutId };
    case 'EXPIRED':
      return { kind: 'expired', checkoutId };
    case 'CANCELLED':
      return { kind: 'cancelled', checkoutId };
    case 'FAILED':
      return { kind: 'failed', checkoutId };
    default:
      return { kind: 'error', status: 0, code: 'UNKNOWN_STATUS', message: `Unknown status ${String(snapshot.status)}` };
  }
}

/** The state a refused snap-up puts the flow in. */
export function stateForError(error: ErrorLike, now: number): SnapUpState {
  switch (error.code) {
    case 'SOLD_OUT':
      return { kind: 'sold-out' };
    case 'LIMIT_EXCEEDED':
      return { kind: 'limit-reached' };
    case 'NOT_STARTED':
      return { kind: 'not-started' };
    case 'ENDED':
      return { kind: 'ended' };
    case 'RATE_LIMITED':
      return rateLimited(error, now);
    case 'COOLING_DOWN':
      return { kind: 'cooling-down', ...waitUntil(error, now) };
    case 'ADDRESS_LIMIT_EXCEEDED':
      return { kind: 'address-limited' };
    case 'UNAVAILABLE':
      return { kind: 'unavailable' };
  }
  // A proxy's own 429 or 503 (code HTTP_<status>, not the service's) means the same to the buyer.
  if (error.status === 429) return rateLimited(error, now);
  if (error.status === 503) return { kind: 'unavailable' };
  if (error.status === 401) return { kind: 'sign-in-required' }; // UNAUTHORIZED: no token, or a stale one
  return {
    kind: 'error',
    status: error.status,
    code: error.code,
    message: error.status === 0 ? 'We could not reach the shop. Check your connection and try again.' : error.detail || 'Please try again.',
  };
}

function rateLimited(error: ErrorLike, now: number): SnapUpState {
  return { kind: 'rate-limited', ...waitUntil(error, now) };
}

/** When the buyer may try again, from Retry-After; without one, at once. */
function waitUntil(error: ErrorLike, now: number): { retryAfter: number | null; retryAt: number | null } {
  const retryAfter = error.retryAfter ?? null;
  return { retryAfter, retryAt: retryAfter == null ? null : now + retryAfter * 1000 };
}

/** Whole seconds left until `retryAt`; null when there is nothing to wait for. */
function secondsLeft(retryAt: number | null, now: number): number | null {
  return retryAt == null ? null : Math.max(0, Math.ceil((retryAt - now) / 1000));
}

function currentCheckoutId(state: SnapUpState): string | null {
  return 'checkoutId' in state ? state.checkoutId : null;
}

function currentRank(state: SnapUpState): number {
  switch (state.kind) {
    case 'queued':
      return RANK.QUEUED;
    case 'checkout':
      return RANK.CHECKOUT;
    case 'confirmed':
      return RANK.CONFIRMED;
    case 'paid':
    case 'expired':
    case 'cancelled':
    case 'failed':
      return RANK.PAID;
    default:
      return -1;
  }
}

export function reduce(state: SnapUpState, action: SnapUpAction): SnapUpState {
  switch (action.type) {
    case 'requested':
      return canSnapUp(state, Number.POSITIVE_INFINITY) ? { kind: 'requesting' } : state;
    case 'accepted':
      if (state.kind !== 'requesting') return state;
      return stateForStatus(action);
    case 'rejected':
      if (state.kind !== 'requesting') return state;
      return stateForError(action.error, action.now);
    case 'resumed':
      return stateForStatus(action);
    case 'updated': {
      if (currentCheckoutId(state) !== action.checkoutId) return state;
      const rank = currentRank(state);
      if (rank === RANK.PAID) return state; // final stays final
      if (RANK[action.status] < rank) return state; // stale answer
      return stateForStatus(action);
    }
    case 'action-failed':
      if (state.kind !== 'checkout' && state.kind !== 'confirmed') return state;
      return { ...state, notice: noticeFor(action.error) };
    case 'reset':
      return initialState;
  }
}

function noticeFor(error: ErrorLike): string {
  if (error.code === 'INVALID_STATE') return 'This checkout can no longer be changed. Checking its latest status…';
  if (error.status === 0) return 'We could not reach the shop. Check your connection and try again.';
  if (error.status === 401) return 'Your session ended. Please sign in again.';
  return error.detail || 'That did not work. Please try again.';
}

/** Whether the "Snap up" button may be pressed. */
export function canSnapUp(state: SnapUpState, now: number): boolean {
  switch (state.kind) {
    case 'requesting':
    case 'queued':
    case 'checkout':
    case 'confirmed':
    case 'paid':
    case 'limit-reached':
    case 'ended':
      return false;
    case 'rate-limited':
    case 'cooling-down':
      return state.retryAt == null || now >= state.retryAt;
    default:
      return true;
  }
}

/** A checkout is under way and needs watching. */
export function isInProgress(state: SnapUpState): state is Extract<SnapUpState, { kind: 'queued' | 'checkout' | 'confirmed' }> {
  return state.kind === 'queued' || state.kind === 'checkout' || state.kind === 'confirmed';
}

/** A retry of the same intent may reuse its Idempotency-Key: nothing definite came back. */
export function mayReuseIdempotencyKey(state: SnapUpState): boolean {
  return state.kind === 'unavailable' || (state.kind === 'error' && state.status === 0);
}

export type Tone = 'info' | 'progress' | 'success' | 'warning' | 'error';

export interface StateMessage {
  title: string;
  body: string;
  tone: Tone;
}

/** The human words for each state, in one place. */
export function describe(state: SnapUpState, now: number = Date.now()): StateMessage | null {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'requesting':
      return { tone: 'progress', title: 'Snapping it up…', body: 'Hold tight, this takes a moment.' };
    case 'queued':
      return {
        tone: 'progress',
        title: "You're in line",
        body: 'Your request was accepted and your item is reserved while we write up the order. Keep this page open; it usually takes a second.',
      };
    case 'checkout':
      return {
        tone: 'success',
        title: "Got it! It's held for you",
        body: 'Enter your delivery address and confirm before the timer runs out, or the item goes back on sale.',
      };
    case 'confirmed':
      return {
        tone: 'success',
        title: 'Address confirmed. Now pay',
        body: 'Pay before the timer runs out, or the item goes back on sale.',
      };
    case 'paid':
      return { tone: 'success', title: "Paid. It's yours!", body: 'Your order is complete. You can find it under My orders.' };
    case 'sold-out':
      return {
        tone: 'warning',
        title: 'Sold out',
        body: 'Every item has been claimed. Unpaid holds sometimes return to stock, so it may be worth trying again shortly.',
      };
    case 'limit-reached':
      return {
        tone: 'warning',
        title: "You've reached the limit",
        body: 'You already have as many as this sale allows per person.',
      };
    case 'not-started':
      return {
        tone: 'info',
        title: "The sale hasn't started yet",
        body: 'Try again when the countdown reaches zero.',
      };
    case 'ended':
      return { tone: 'warning', title: 'This sale has ended', body: 'It is closed or was switched off by the shop.' };
    case 'rate-limited': {
      const seconds = secondsLeft(state.retryAt, now);
      return {
        tone: 'warning',
        title: 'Too many tries',
        body: seconds ? `Please wait ${seconds} s, then try again.` : 'Please wait a moment, then try again.',
      };
    }
    case 'address-limited':
      return {
        tone: 'warning',
        title: 'Too many unpaid from your network',
        body: 'Too many units are held unpaid from your network right now; pay or let them go first.',
      };
    case 'cooling-down': {
      const seconds = secondsLeft(state.retryAt, now);
      return {
        tone: 'warning',
        title: 'Please wait a little',
        body: seconds ? `You let a checkout lapse; try again in ${seconds} s.` : 'You let a checkout lapse; you may try again now.',
      };
    }
    case 'unavailable':
      return {
        tone: 'warning',
        title: 'Busy right now, nothing was reserved',
        body: 'The shop is overloaded for a moment. Nothing was taken from you; please try again.',
      };
    case 'expired':
      return {
        tone: 'error',
        title: 'Your hold expired',
        body: 'Time ran out, so the item went back on sale. You can try again while stock lasts.',
      };
    case 'cancelled':
      return { tone: 'info', title: 'Checkout cancelled', body: 'The item went back on sale. Nothing was charged.' };
    case 'failed':
      return {
        tone: 'error',
        title: "We couldn't complete your order",
        body: 'Something went wrong on our side and nothing was charged. Please try again.',
      };
    case 'sign-in-required':
      return { tone: 'warning', title: 'Please sign in', body: 'Your session ended. Sign in again to snap up.' };
    case 'error':
      return { tone: 'error', title: 'Something went wrong', body: state.message };
  }
}
