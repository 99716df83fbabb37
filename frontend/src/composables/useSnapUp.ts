/** Wires the pure snap-up state to the API and the checkout watcher for one promotion variant's page. */
import { onScopeDispose, ref, shallowRef } from 'vue';
import * as api from '../api';
import {
  canSnapUp,
  initialState,
  isInProgress,
  mayReuseIdempotencyKey,
  reduce,
  type ErrorLike,
  type SnapUpAction,
  type SnapUpState,
} from '../checkout-state';
import { watchCheckout, type Watcher } from '../socket';

export type PendingAction = 'confirm' | 'pay' | 'cancel';

/** How many times a busy answer is retried without the buyer pressing again (after 1–2 s, 2–4 s, 4–8 s). */
export const AUTOMATIC_RETRIES = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toErrorLike(error: unknown): ErrorLike {
  if (api.isApiError(error)) return error;
  return { status: 0, code: 'NETWORK_ERROR', detail: error instanceof Error ? error.message : String(error) };
}

export function useSnapUp(promotionVariantId: () => number) {
  const state = shallowRef<SnapUpState>(initialState);
  /** The checkout as last read from the API (quantity, unitPrice), when we have it. */
  const checkout = shallowRef<api.Checkout | null>(null);
  const pending = ref<PendingAction | null>(null);
  const quantity = ref(1);

  let watcher: Watcher | null = null;
  let watchedId: string | null = null;
  let idempotencyKey: string | null = null;

  function dispatch(action: SnapUpAction) {
    state.value = reduce(state.value, action);
    const current = state.value;
    if (isInProgress(current)) {
      if (watchedId !== current.checkoutId) follow(current.checkoutId);
    } else {
      unfollow();
    }
  }

  function follow(checkoutId: string) {
    unfollow();
    watchedId = checkoutId;
    watcher = watchCheckout(checkoutId, (update) => {
      if (update.checkout) checkout.value = update.checkout;
      dispatch({ type: 'updated', checkoutId: update.checkoutId, status: update.status, expiresAt: update.expiresAt });
    });
  }

  function unfollow() {
    watcher?.stop();
    watcher = null;
    watchedId = null;
  }

  /** `pass`: the waiting room's, while the sale's room is on. */
  async function snapUp(pass?: string) {
    if (!canSnapUp(state.value, Date.now())) return;
    // Retrying after "nothing definite came back" keeps the key, so the service can't admit it twice.
    if (!idempotencyKey || !mayReuseIdempotencyKey(state.value)) idempotencyKey = api.newIdempotencyKey();
    dispatch({ type: 'requested' });
    const key = idempotencyKey;
    for (let attempt = 0; ; attempt++) {
      try {
        const accepted = await api.snapUp({ promotionVariantId: promotionVariantId(), quantity: quantity.value }, key, pass);
        checkout.value = null;
        dispatch({ type: 'accepted', checkoutId: accepted.checkoutId, status: accepted.status, expiresAt: accepted.expiresAt });
        return;
      } catch (error) {
        // Busy (503, 429 RATE_LIMITED): nothing was reserved; come back by ourselves, later and at a random moment.
        const wait = attempt < AUTOMATIC_RETRIES && api.isApiError(error) ? api.backoffDelay(error, attempt) : null;
        if (wait === null) {
          dispatch({ type: 'rejected', error: toErrorLike(error), now: Date.now() });
          return;
        }
        await sleep(wait);
      }
    }
  }

  async function act(kind: PendingAction, call: (checkoutId: string) => Promise<api.Checkout>) {
    const current = state.value;
    if (!isInProgress(current) || pending.value) return;
    pending.value = kind;
    try {
      const result = await call(current.checkoutId);
      checkout.value = result;
      dispatch({ type: 'updated', checkoutId: result.checkoutId, status: result.status, expiresAt: result.expiresAt });
    } catch (error) {
      dispatch({ type: 'action-failed', error: toErrorLike(error) });
      watcher?.refresh(); // e.g. INVALID_STATE: the hold may have just expired
    } finally {
      pending.value = null;
    }
  }

  const confirm = (address: string) => act('confirm', (id) => api.confirmCheckout(id, address));
  const pay = () => act('pay', (id) => api.payCheckout(id));
  const cancel = () => act('cancel', (id) => api.cancelCheckout(id));

  /** Picks up a checkout already under way (a reload, or "Continue" in My orders). */
  async function resume(checkoutId: string) {
    try {
      const found = await api.getCheckout(checkoutId);
      checkout.value = found;
      if (found.promotionVariantId !== promotionVariantId()) return;
      dispatch({ type: 'resumed', checkoutId: found.checkoutId, status: found.status, expiresAt: found.expiresAt });
    } catch {
      // Not ours or gone: stay idle.
    }
  }

  /** Ask the API now, e.g. when a countdown reached zero. */
  const refresh = () => watcher?.refresh();

  const reset = () => dispatch({ type: 'reset' });

  onScopeDispose(unfollow);

  return { state, checkout, pending, quantity, snapUp, confirm, pay, cancel, resume, refresh, reset };
}
