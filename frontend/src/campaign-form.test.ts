import { describe, expect, it } from 'vitest';
import type { AdminPromotion } from './api';
import {
  campaignModelOf,
  changedCampaignFields,
  describeChanges,
  emptyCampaign,
  emptyVariant,
  toPromotionRequest,
  variantMessage,
} from './campaign-form';
import { cardTitle, variantChoices } from './promotion-page';

describe('the campaign form', () => {
  it('builds the POST body with every variant, blanks as null and the currency in capitals', () => {
    const model = {
      ...emptyCampaign(),
      name: ' Aurora X1 ',
      productId: '1001',
      currency: 'cny',
      startsAt: '2030-06-15T10:00',
      endsAt: '2030-06-16T10:00',
      variants: [
        { ...emptyVariant(), name: 'Blue', variantId: '11', price: '1000.00', discountRate: '0.8', stock: '5' },
        { ...emptyVariant(), name: 'Red', variantId: '12', price: '799', discountRate: '0.9', stock: '' },
      ],
    };
    const request = toPromotionRequest(model);
    expect(request).toMatchObject({ name: 'Aurora X1', productId: 1001, currency: 'CNY', description: null, imageUrl: null });
    expect(request.startsAt).toBe(new Date(2030, 5, 15, 10, 0).toISOString().replace('.000Z', 'Z'));
    expect(request.variants).toEqual([
      { variantId: 11, name: 'Blue', price: '1000.00', discountRate: 0.8, stock: 5, quantityLimit: 1, holdSeconds: 300 },
      { variantId: 12, name: 'Red', price: '799', discountRate: 0.9, stock: null, quantityLimit: 1, holdSeconds: 300 },
    ]);
    expect(toPromotionRequest({ ...model, currency: ' ' }).currency).toBeNull();
  });

  it('patches only the campaign fields that changed', () => {
    const promotion = {
      id: 4, name: 'Aurora', type: 'snap_up', productId: 1001, description: null, imageUrl: null, currency: 'EUR',
      startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', createdAt: '2029-12-01T00:00:00Z', variants: [],
    } satisfies AdminPromotion;
    const before = campaignModelOf(promotion);
    expect(changedCampaignFields(before, { ...before })).toEqual({});
    expect(changedCampaignFields(before, { ...before, description: 'New', currency: 'usd' })).toEqual({
      description: 'New',
      currency: 'USD',
    });
  });

  it("finds the service's message for one cell of the variants table", () => {
    const errors = [{ field: 'variants[1].stock', message: 'must be greater than or equal to 0' }];
    expect(variantMessage(errors, 1, 'stock')).toBe('must be greater than or equal to 0');
    expect(variantMessage(errors, 0, 'stock')).toBeUndefined();
  });

  it('describes an audit entry as field: before → after', () => {
    expect(describeChanges({ stock: { before: 10, after: 25 }, description: { after: 'New' } })).toEqual([
      'stock: 10 → 25',
      'description: – → New',
    ]);
  });
});

describe('the sale page of a campaign', () => {
  const variant = (id: number, name: string, available: number) => ({
    id, name, available, salePrice: '800.00', price: '1000.00', discountRate: 0.8, description: null, imageUrl: null,
    quantityLimit: 1, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', promotionId: 4,
    promotionName: 'Aurora X1', currency: 'EUR',
  });

  it('offers each variant with its newest live stock and marks the one shown', () => {
    const promotion = { variants: [variant(1, 'Blue', 5), variant(2, 'Red', 3)] };
    const choices = variantChoices(promotion, 2, new Map([[2, 0], [1, 4]]));
    expect(choices).toEqual([
      { id: 1, name: 'Blue', salePrice: '800.00', available: 4, selected: false, soldOut: false },
      { id: 2, name: 'Red', salePrice: '800.00', available: 0, selected: true, soldOut: true },
    ]);
    expect(variantChoices(promotion, 1, new Map())[1].available).toBe(3);
  });

  it('offers nothing to pick for a campaign of one', () => {
    expect(variantChoices({ variants: [variant(1, 'Blue', 5)] }, 1, new Map())).toEqual([]);
    expect(variantChoices(null, 1, new Map())).toEqual([]);
  });

  it("titles a variant with its campaign's name unless they are the same", () => {
    expect(cardTitle({ name: 'Blue', promotionName: 'Aurora X1' })).toBe('Aurora X1 · Blue');
    expect(cardTitle({ name: 'Nova phone', promotionName: 'Nova phone' })).toBe('Nova phone');
  });
});
