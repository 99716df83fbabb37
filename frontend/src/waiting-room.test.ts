import { describe, expect, it } from 'vitest';
import type { RoomPlace } from './api';
import { describeRoom, formatWait, hasUsablePass, isRoomLine, needsPass, withLine, type RoomLine } from './waiting-room';

const NOW = Date.parse('2026-12-01T10:00:00Z');

function place(overrides: Partial<RoomPlace> = {}): RoomPlace {
  return {
    promotionVariantId: 7,
    state: 'SERVING',
    joined: true,
    position: 500,
    place: 400,
    servingUpTo: 100,
    length: 1000,
    ratePerSecond: 50,
    estimatedWaitSeconds: 8,
    admitted: false,
    pass: null,
    passExpiresAt: null,
    at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

function line(overrides: Partial<RoomLine> = {}): RoomLine {
  return { promotionVariantId: 7, state: 'SERVING', servingUpTo: 300, length: 1200, ratePerSecond: 50, at: '2026-12-01T10:00:04.000Z', ...overrides };
}

describe('withLine', () => {
  it('moves the place and the estimate with the front of the line', () => {
    const moved = withLine(place(), line());
    expect(moved.place).toBe(200);
    expect(moved.estimatedWaitSeconds).toBe(4);
    expect(moved.length).toBe(1200);
    expect(moved.admitted).toBe(false);
  });

  it('admits the buyer once the front reaches their position, without inventing a pass', () => {
    const moved = withLine(place(), line({ servingUpTo: 500 }));
    expect(moved.admitted).toBe(true);
    expect(moved.place).toBe(0);
    expect(moved.pass).toBeNull();
    expect(needsPass(moved, NOW)).toBe(true);
  });

  it('ignores a line read before the place', () => {
    const current = place({ at: '2026-12-01T10:00:05.000Z' });
    expect(withLine(current, line())).toBe(current);
  });

  it('never moves the front back', () => {
    expect(withLine(place({ servingUpTo: 450 }), line({ servingUpTo: 300 })).servingUpTo).toBe(450);
  });

  it('drops the pass and the estimate when the room is sold out', () => {
    const holding = place({ position: 50, admitted: true, place: 0, pass: 'v1.x', passExpiresAt: '2026-12-01T10:02:00Z' });
    const soldOut = withLine(holding, line({ state: 'SOLD_OUT' }));
    expect(soldOut.pass).toBeNull();
    expect(soldOut.estimatedWaitSeconds).toBeNull();
    expect(hasUsablePass(soldOut, NOW)).toBe(false);
  });

  it('keeps a drawn-later buyer without a place until the draw gives one', () => {
    const waiting = withLine(place({ state: 'WAITING', position: null, place: null }), line({ state: 'DRAWING' }));
    expect(waiting.place).toBeNull();
    expect(waiting.admitted).toBe(false);
  });
});

describe('the pass', () => {
  it('is usable only while admitted, serving and within its window', () => {
    const admitted = place({ admitted: true, place: 0, position: 50, pass: 'v1.x', passExpiresAt: '2026-12-01T10:02:00Z' });
    expect(hasUsablePass(admitted, NOW)).toBe(true);
    expect(hasUsablePass(admitted, Date.parse('2026-12-01T10:02:00Z'))).toBe(false);
    expect(needsPass(admitted, Date.parse('2026-12-01T10:02:00Z'))).toBe(true);
    expect(hasUsablePass(place(), NOW)).toBe(false);
    expect(hasUsablePass(null, NOW)).toBe(false);
  });
});

describe('describeRoom', () => {
  it('says the turn has come only with a usable pass', () => {
    const admitted = place({ admitted: true, place: 0, position: 50, pass: 'v1.x', passExpiresAt: '2026-12-01T10:02:00Z' });
    expect(describeRoom(admitted, NOW).title).toBe("It's your turn!");
    expect(describeRoom(admitted, NOW).tone).toBe('success');
    expect(describeRoom(place(), NOW).title).toBe('Your place in line: 400');
    expect(describeRoom(place(), NOW).detail).toBe('Estimated wait about 8 s.');
  });

  it('tells a waiting, a sold-out and a not-yet-joined buyer where they stand', () => {
    expect(describeRoom(place({ state: 'WAITING', position: null, place: null }), NOW).title).toBe("You're in the waiting room");
    expect(describeRoom(place({ state: 'SOLD_OUT' }), NOW).title).toBe('Sold out for now');
    expect(describeRoom(place({ joined: false }), NOW).title).toBe('This sale has a waiting room');
  });
});

describe('formatWait', () => {
  it('rounds to a unit a person reads', () => {
    expect(formatWait(0)).toBe('about 1 s');
    expect(formatWait(42)).toBe('about 42 s');
    expect(formatWait(150)).toBe('about 3 min');
    expect(formatWait(5400)).toBe('about 1.5 h');
    expect(formatWait(null)).toBe('');
  });
});

describe('isRoomLine', () => {
  it('accepts a topic message and refuses anything else', () => {
    expect(isRoomLine(line())).toBe(true);
    expect(isRoomLine({ state: 'SERVING' })).toBe(false);
    expect(isRoomLine(null)).toBe(false);
  });
});
