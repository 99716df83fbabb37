/** The operator's campaign form: what its inputs hold, and how it becomes a POST or PATCH body. */
import type { AdminPromotion, PromotionPatch, PromotionRequest, PromotionVariantDraft } from './api';
import { fromDateTimeLocal, toDateTimeLocal } from './format';
import { number, optional } from './promotion-variant-form';

/** One variant row as the inputs hold it (numbers as text). */
export interface VariantRow {
  variantId: string;
  name: string;
  price: string;
  discountRate: string;
  stock: string;
  quantityLimit: string;
  holdSeconds: string;
}

export interface CampaignModel {
  name: string;
  productId: string;
  description: string;
  imageUrl: string;
  currency: string;
  startsAt: string;
  endsAt: string;
  variants: VariantRow[];
}

export function emptyVariant(): VariantRow {
  return { variantId: '', name: '', price: '', discountRate: '', stock: '', quantityLimit: '1', holdSeconds: '300' };
}

export function emptyCampaign(): CampaignModel {
  return { name: '', productId: '', description: '', imageUrl: '', currency: '', startsAt: '', endsAt: '', variants: [emptyVariant()] };
}

const text = (v: unknown) => (v == null ? '' : String(v));

/** The campaign's own fields as the form shows them (its variants are edited one by one, on their own page). */
export function campaignModelOf(promotion: AdminPromotion): CampaignModel {
  return {
    name: text(promotion.name),
    productId: text(promotion.productId),
    description: text(promotion.description),
    imageUrl: text(promotion.imageUrl),
    currency: text(promotion.currency),
    startsAt: toDateTimeLocal(promotion.startsAt),
    endsAt: toDateTimeLocal(promotion.endsAt),
    variants: [],
  };
}

export function toVariantDraft(row: VariantRow): PromotionVariantDraft {
  return {
    variantId: number(row.variantId),
    name: String(row.name ?? '').trim(),
    price: optional(row.price),
    discountRate: number(row.discountRate),
    stock: number(row.stock),
    quantityLimit: number(row.quantityLimit),
    holdSeconds: number(row.holdSeconds),
  };
}

/** The full POST body; blanks go as null and the service names what is missing. A blank currency is the default. */
export function toPromotionRequest(model: CampaignModel): PromotionRequest {
  return {
    name: String(model.name ?? '').trim(),
    productId: number(model.productId),
    description: optional(model.description),
    imageUrl: optional(model.imageUrl),
    currency: optional(model.currency)?.toUpperCase() ?? null,
    startsAt: fromDateTimeLocal(model.startsAt),
    endsAt: fromDateTimeLocal(model.endsAt),
    variants: model.variants.map(toVariantDraft),
  };
}

const CAMPAIGN_FIELDS = ['name', 'productId', 'description', 'imageUrl', 'currency', 'startsAt', 'endsAt'] as const;

/** Only the campaign fields that changed, for PATCH. */
export function changedCampaignFields(before: CampaignModel, after: CampaignModel): PromotionPatch {
  const a = toPromotionRequest(before);
  const b = toPromotionRequest(after);
  const changes: PromotionPatch = {};
  for (const field of CAMPAIGN_FIELDS) {
    if (a[field] !== b[field]) (changes as Record<string, unknown>)[field] = b[field];
  }
  return changes;
}

/**
 * The service names a variant's field by its place in the list ("variants[1].stock"): the message for one cell.
 */
export function variantMessage(errors: { field: string; message: string }[], index: number, field: keyof VariantRow): string | undefined {
  return errors.find((e) => e.field === `variants[${index}].${field}`)?.message;
}

/** "stock: 10 → 25" lines of an audit entry's changes; a side that was empty shows as "–". */
export function describeChanges(changes: Record<string, { before?: unknown; after?: unknown }>): string[] {
  const show = (value: unknown) => (value === undefined || value === null || value === '' ? '–' : String(value));
  return Object.entries(changes).map(([field, { before, after }]) => `${field}: ${show(before)} → ${show(after)}`);
}
