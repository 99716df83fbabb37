import { describe, expect, it } from 'vitest';
import {
  discountPercent,
  formatCountdown,
  formatMoney,
  fromDateTimeLocal,
  multiplyMoney,
  windowPhase,
  speakCountdown,
  toDateTimeLocal,
} from './format';
import { changedFields, emptyModel, messageFor, modelOf, previewSalePrice, toRequest } from './promotion-variant-form';
import type { AdminPromotionVariant } from './api';

describe('money', () => {
  it('formats decimal strings exactly', () => {
    expect(formatMoney('1999.00')).toBe('1,999.00');
    expect(formatMoney('1234567.5')).toBe('1,234,567.50');
    expect(formatMoney('0.1')).toBe('0.10');
    expect(formatMoney(null)).toBe('–');
  });

  it('multiplies to the cent without floats', () => {
    expect(multiplyMoney('0.10', 3)).toBe('0.30');
    expect(multiplyMoney('1999.99', 2)).toBe('3999.98');
    expect(multiplyMoney('5', 1)).toBe('5.00');
  });

  it('computes the discount from the two prices', () => {
    expect(discountPercent('1999.00', '1599.20')).toBe(20);
    expect(discountPercent('100.00', '100.00')).toBe(0);
    expect(discountPercent('0', '0')).toBe(0);
  });
});

describe('countdowns', () => {
  it('shows mm:ss, h:mm:ss and days', () => {
    expect(formatCountdown(299_000)).toBe('04:59');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(2 * 86_400_000 + 3_723_000)).toBe('2d 01:02:03');
    expect(formatCountdown(-5)).toBe('00:00');
    expect(formatCountdown(1)).toBe('00:01');
  });

  it('speaks them', () => {
    expect(speakCountdown(299_000)).toBe('4 minutes 59 seconds');
    expect(speakCountdown(61_000)).toBe('1 minute 1 second');
  });

  it('knows where now falls in the window', () => {
    const times = { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T01:00:00Z' };
    expect(windowPhase(times, Date.parse('2029-12-31T23:59:59Z'))).toBe('upcoming');
    expect(windowPhase(times, Date.parse('2030-01-01T00:00:00Z'))).toBe('live');
    expect(windowPhase(times, Date.parse('2030-01-01T01:00:00Z'))).toBe('ended');
  });
});

describe('datetime-local', () => {
  it('round-trips a UTC instant through the local input value', () => {
    const instant = '2030-06-15T08:30:00Z';
    const local = toDateTimeLocal(instant);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromDateTimeLocal(local)).toBe(instant);
  });

  it('treats the input as local time and sends UTC', () => {
    const local = '2030-06-15T10:00';
    expect(fromDateTimeLocal(local)).toBe(new Date(2030, 5, 15, 10, 0).toISOString().replace('.000Z', 'Z'));
    expect(fromDateTimeLocal('')).toBeNull();
  });
});

describe('the operator form', () => {
  const variant: AdminPromotionVariant = {
    id: 3,
    variantId: 11,
    name: 'Phone',
    description: null,
    imageUrl: null,
    price: '1999.00',
    discountRate: 0.8,
    salePrice: '1599.20',
    stock: 100,
    quantityLimit: 1,
    holdSeconds: 300,
    startsAt: '2030-01-01T00:00:00Z',
    endsAt: '2030-01-02T00:00:00Z',
    enabled: true,
    maxUnpaidPerAddress: 4,
    abandonCoolDownSeconds: 120,
    stockBuckets: 3,
    stats: { stock: 100, available: 100, reserved: 0, sold: 0, queued: 0 },
    promotionId: 3,
    currency: 'EUR',
  };

  it('builds the full request with every field, blanks as null', () => {
    const req = toRequest({ ...emptyModel(), name: ' X ', price: '10', discountRate: '0.5', startsAt: '' });
    expect(Object.keys(req).sort()).toEqual(
      ['variantId', 'name', 'description', 'imageUrl', 'price', 'discountRate', 'stock', 'quantityLimit', 'holdSeconds', 'startsAt', 'endsAt', 'enabled', 'maxUnpaidPerAddress', 'abandonCoolDownSeconds', 'stockBuckets'].sort(),
    );
    expect(req).toMatchObject({ name: 'X', price: '10', discountRate: 0.5, variantId: null, description: null, startsAt: null, enabled: true });
  });

  it('starts a new form with no bound per address and a 60 s cool-down, and sends them', () => {
    expect(emptyModel()).toMatchObject({ maxUnpaidPerAddress: '0', abandonCoolDownSeconds: '60' });
    expect(toRequest(emptyModel())).toMatchObject({ maxUnpaidPerAddress: 0, abandonCoolDownSeconds: 60 });
  });

  it('creates with one stock bucket unless told, and never patches the buckets', () => {
    expect(toRequest(emptyModel())).toMatchObject({ stockBuckets: 1 });
    expect(toRequest({ ...emptyModel(), stockBuckets: '3' })).toMatchObject({ stockBuckets: 3 });
    const before = modelOf(variant);
    expect(changedFields(before, { ...before, stockBuckets: '5' })).toEqual({});
  });

  it('round-trips the unpaid-hold limits from the admin view to the body', () => {
    const model = modelOf(variant);
    expect(model).toMatchObject({ maxUnpaidPerAddress: '4', abandonCoolDownSeconds: '120' });
    expect(toRequest(model)).toMatchObject({ maxUnpaidPerAddress: 4, abandonCoolDownSeconds: 120 });
    // v-model on a number input hands over numbers; a blank goes as null and the service keeps its default.
    const typed = { ...model, maxUnpaidPerAddress: 2 as unknown as string, abandonCoolDownSeconds: '' };
    expect(toRequest(typed)).toMatchObject({ maxUnpaidPerAddress: 2, abandonCoolDownSeconds: null });
  });

  it('patches only the unpaid-hold limit that changed', () => {
    const before = modelOf(variant);
    expect(changedFields(before, { ...before, maxUnpaidPerAddress: '0' })).toEqual({ maxUnpaidPerAddress: 0 });
    expect(changedFields(before, { ...before, abandonCoolDownSeconds: '0' })).toEqual({ abandonCoolDownSeconds: 0 });
  });

  it('finds the service\'s messages for the unpaid-hold limits', () => {
    const errors = [
      { field: 'maxUnpaidPerAddress', message: 'must be greater than or equal to 0' },
      { field: 'abandonCoolDownSeconds', message: 'must be less than or equal to 86400' },
    ];
    expect(messageFor(errors, 'maxUnpaidPerAddress')).toBe('must be greater than or equal to 0');
    expect(messageFor(errors, 'abandonCoolDownSeconds')).toBe('must be less than or equal to 86400');
  });

  it('accepts numbers from number inputs', () => {
    const model = { ...emptyModel(), stock: 5 as unknown as string };
    expect(toRequest(model).stock).toBe(5);
  });

  it('patches only what changed', () => {
    const before = modelOf(variant);
    expect(changedFields(before, { ...before })).toEqual({});
    expect(changedFields(before, { ...before, stock: '150', enabled: false })).toEqual({ stock: 150, enabled: false });
    expect(toRequest(before).startsAt).toBe('2030-01-01T00:00:00Z');
  });

  it('finds field messages by the field name the service gives', () => {
    const errors = [{ field: 'price', message: 'must be positive' }];
    expect(messageFor(errors, 'price')).toBe('must be positive');
    expect(messageFor(errors, 'stock')).toBeUndefined();
  });

  it('previews the sale price', () => {
    expect(previewSalePrice({ ...emptyModel(), price: '1999.00', discountRate: '0.8' })).toBe('1599.20');
    expect(previewSalePrice({ ...emptyModel(), price: '10', discountRate: '1.5' })).toBeNull();
  });
});
