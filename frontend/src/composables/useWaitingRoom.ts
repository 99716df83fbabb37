/**
 * Wires a sale's waiting room to the page: whether the sale has one, the buyer's join, their place kept live from
 * their STOMP queue and the room's topic (polled while the socket is down), and the pass once their turn comes.
 */
import { onScopeDispose, ref, shallowRef } from 'vue';
import * as api from '../api';
import { liveSocket } from '../socket';
import { isRoomLine, isRoomPlace, needsPass, withLine } from '../waiting-room';

const POLL_MS = 5_000;

export function useWaitingRoom(promotionVariantId: () => number) {
  /** null: not known yet; false: the sale has no room (snap up as usual); true: it has one. */
  const hasRoom = ref<boolean | null>(null);
  const place = shallowRef<api.RoomPlace | null>(null);
  const error = ref('');
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let asking = false;

  function show(next: api.RoomPlace) {
    place.value = next;
    error.value = '';
    if (needsPass(next, Date.now())) void read();
  }

  async function read() {
    if (asking || stopped) return;
    asking = true;
    try {
      const read = await api.getWaitingRoom(promotionVariantId());
      hasRoom.value = true;
      place.value = read;
    } catch (e) {
      if (api.isApiError(e) && e.status === 404) {
        hasRoom.value = false;
        place.value = null;
      }
    } finally {
      asking = false;
    }
  }

  /** Joins (again: the same place). Before the room opens, tries again when the service says it opens. */
  async function join() {
    try {
      show(await api.joinWaitingRoom(promotionVariantId()));
    } catch (e) {
      if (!api.isApiError(e)) return;
      if (e.code === 'ROOM_NOT_OPEN') {
        error.value = 'The waiting room is not open yet; you join automatically when it opens.';
        const seconds = e.retryAfter ?? 30;
        clearTimer();
        timer = setTimeout(() => void join(), Math.min(seconds, 3600) * 1000);
      } else if (e.status === 404) {
        hasRoom.value = false;
      } else {
        error.value = e.detail || 'Could not join the waiting room.';
      }
    }
  }

  function clearTimer() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function poll() {
    clearTimer();
    if (stopped) return;
    timer = setTimeout(async () => {
      if (!liveSocket.connected) await read();
      poll();
    }, POLL_MS);
  }

  /** Finds out whether the sale has a room; if it does, joins it and follows the place. */
  async function start(signedIn: boolean) {
    await read();
    if (!hasRoom.value || !signedIn) return;
    unsubscribe = liveSocket.subscribeRoom(
      promotionVariantId(),
      (body) => {
        if (isRoomPlace(body)) show(body);
      },
      (body) => {
        if (isRoomLine(body) && place.value) show(withLine(place.value, body));
      },
    );
    if (!place.value?.joined) await join();
    poll();
  }

  function stop() {
    stopped = true;
    clearTimer();
    unsubscribe?.();
    unsubscribe = null;
  }

  onScopeDispose(stop);

  return { hasRoom, place, error, start, stop, refresh: read };
}
