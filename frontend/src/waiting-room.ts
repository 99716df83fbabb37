/**
 * The waiting room's logic, free of Vue and the network: a buyer's place kept up to date from the room's topic
 * (each client works out its own place from "serving up to P"), what the page says about it, and when the Snap up
 * button may be used.
 */
import type { RoomPlace, RoomState } from './api';

/** What the room's topic carries: the front of the line and its length. */
export interface RoomLine {
  promotionVariantId: number;
  state: RoomState;
  servingUpTo: number;
  length: number;
  ratePerSecond: number;
  at: string;
}

export function isRoomLine(body: unknown): body is RoomLine {
  const b = body as Partial<RoomLine> | null;
  return !!b && typeof b.servingUpTo === 'number' && typeof b.state === 'string' && typeof b.length === 'number';
}

export function isRoomPlace(body: unknown): body is RoomPlace {
  const b = body as Partial<RoomPlace> | null;
  return !!b && typeof b.joined === 'boolean' && typeof b.state === 'string';
}

/**
 * The buyer's place after a topic message: the same position, the new front. A line read earlier than the place
 * (older `at`) changes nothing. The pass only comes from the service; `admitted` without one means "ask for it".
 */
export function withLine(place: RoomPlace, line: RoomLine): RoomPlace {
  if (Date.parse(line.at) < Date.parse(place.at)) return place;
  const servingUpTo = Math.max(place.servingUpTo, line.servingUpTo);
  const position = place.position;
  const ahead = position === null ? null : Math.max(0, position - servingUpTo);
  const serving = line.state === 'SERVING';
  return {
    ...place,
    state: line.state,
    servingUpTo,
    length: line.length,
    ratePerSecond: line.ratePerSecond,
    place: ahead,
    estimatedWaitSeconds: ahead !== null && serving && line.ratePerSecond > 0 ? Math.ceil(ahead / line.ratePerSecond) : null,
    admitted: position !== null && position <= servingUpTo,
    pass: serving ? place.pass : null,
    passExpiresAt: serving ? place.passExpiresAt : null,
    at: line.at,
  };
}

/** Whether the buyer holds a pass they can snap up with now. */
export function hasUsablePass(place: RoomPlace | null, now: number): boolean {
  return (
    !!place && place.admitted && place.state === 'SERVING' && !!place.pass && !!place.passExpiresAt && Date.parse(place.passExpiresAt) > now
  );
}

/** Whether the page should ask the service for the buyer's place now (their turn came, and no pass yet or it ran out). */
export function needsPass(place: RoomPlace | null, now: number): boolean {
  return !!place && place.admitted && place.state === 'SERVING' && !hasUsablePass(place, now);
}

/** "about 40 s", "about 3 min", "about 2 h". */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `about ${Math.max(1, seconds)} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 360) / 10} h`;
}

export interface RoomMessage {
  /** Short, announced to screen readers when it changes. */
  title: string;
  detail: string;
  tone: 'info' | 'success' | 'warning';
}

/** What the waiting view says about the buyer's place. */
export function describeRoom(place: RoomPlace | null, now: number): RoomMessage {
  if (!place || !place.joined) {
    return { title: 'This sale has a waiting room', detail: 'Join it to get your place in line.', tone: 'info' };
  }
  switch (place.state) {
    case 'WAITING':
      return {
        title: "You're in the waiting room",
        detail: 'When the sale starts, everyone here gets a random place in line — arriving earlier gives no edge. Keep this page open.',
        tone: 'info',
      };
    case 'DRAWING':
      return { title: 'Drawing places…', detail: 'Everyone who came before the start is getting a random place.', tone: 'info' };
    case 'SOLD_OUT':
      return {
        title: 'Sold out for now',
        detail: 'Everything is held. If units come back, the line moves on and we tell you here.',
        tone: 'warning',
      };
    case 'SERVING':
      if (hasUsablePass(place, now)) {
        return { title: "It's your turn!", detail: 'Snap up now: your turn lasts a couple of minutes.', tone: 'success' };
      }
      if (place.admitted) return { title: "It's your turn!", detail: 'Getting your pass…', tone: 'success' };
      return {
        title: `Your place in line: ${place.place ?? '—'}`,
        detail: place.estimatedWaitSeconds !== null ? `Estimated wait ${formatWait(place.estimatedWaitSeconds)}.` : '',
        tone: 'info',
      };
    default:
      return { title: 'Waiting room', detail: '', tone: 'info' };
  }
}
