/** The operator form's model: what the inputs hold, and how it becomes a POST or PATCH body. */
import type { AdminPromotionVariant, FieldError, PromotionVariantRequest } from './api';
import { fromDateTimeLocal, toDateTimeLocal } from './format';

/** Input values exactly as the form holds them (datetime-local strings, numbers as text). */
export interface PromotionVariantModel {
  variantId: string;
  name: string;
  description: string;
  imageUrl: string;
  price: string;
  discountRate: string;
  stock: string;
  quantityLimit: string;
  holdSeconds: string;
  startsAt: string;
  endsAt: string;
  enabled: boolean;
  maxUnpaidPerAddress: string;
  abandonCoolDownSeconds: string;
  /** Set when creating only: the buckets are fixed for the promotion variant's life (never in a PATCH). */
  stockBuckets: string;
}

export const FIELDS = [
  'variantId',
  'name',
  'description',
  'imageUrl',
  'price',
  'discountRate',
  'stock',
  'quantityLimit',
  'holdSeconds',
  'startsAt',
  'endsAt',
  'enabled',
  'maxUnpaidPerAddress',
  'abandonCoolDownSeconds',
] as const satisfies readonly (keyof PromotionVariantRequest)[];

export function emptyModel(): PromotionVariantModel {
  return {
    variantId: '',
    name: '',
    description: '',
    imageUrl: '',
    price: '',
    discountRate: '',
    stock: '',
    quantityLimit: '1',
    holdSeconds: '300',
    startsAt: '',
    endsAt: '',
    enabled: true,
    maxUnpaidPerAddress: '0',
    abandonCoolDownSeconds: '60',
    stockBuckets: '1',
  };
}

const text = (v: unknown) => (v == null ? '' : String(v));

export function modelOf(variant: AdminPromotionVariant): PromotionVariantModel {
  return {
    variantId: text(variant.variantId),
    name: text(variant.name),
    description: text(variant.description),
    imageUrl: text(variant.imageUrl),
    price: text(variant.price),
    discountRate: text(variant.discountRate),
    stock: text(variant.stock),
    quantityLimit: text(variant.quantityLimit),
    holdSeconds: text(variant.holdSeconds),
    startsAt: toDateTimeLocal(variant.startsAt),
    endsAt: toDateTimeLocal(variant.endsAt),
    enabled: variant.enabled,
    maxUnpaidPerAddress: text(variant.maxUnpaidPerAddress),
    abandonCoolDownSeconds: text(variant.abandonCoolDownSeconds),
    stockBuckets: text(variant.stockBuckets),
  };
}

// v-model on <input type="number"> hands over numbers, so accept either.
export function number(value: string | number): number | null {
  const trimmed = String(value ?? '').trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

export const optional = (value: string | number) => (String(value ?? '').trim() === '' ? null : String(value).trim());

/** The full request body; blanks go as null and the service names what is missing. */
export function toRequest(model: PromotionVariantModel): PromotionVariantRequest {
  return {
    variantId: number(model.variantId),
    name: String(model.name ?? '').trim(),
    description: optional(model.description),
    imageUrl: optional(model.imageUrl),
    price: optional(model.price),
    discountRate: number(model.discountRate),
    stock: number(model.stock),
    quantityLimit: number(model.quantityLimit),
    holdSeconds: number(model.holdSeconds),
    startsAt: fromDateTimeLocal(model.startsAt),
    endsAt: fromDateTimeLocal(model.endsAt),
    enabled: model.enabled,
    maxUnpaidPerAddress: number(model.maxUnpaidPerAddress),
    abandonCoolDownSeconds: number(model.abandonCoolDownSeconds),
    stockBuckets: number(model.stockBuckets),
  };
}

/** Only the fields that changed, for PATCH. */
export function changedFields(before: PromotionVariantModel, after: PromotionVariantModel): Partial<PromotionVariantRequest> {
  const a = toRequest(before);
  const b = toRequest(after);
  const changes: Partial<PromotionVariantRequest> = {};
  for (const field of FIELDS) {
    if (a[field] !== b[field]) (changes as Record<string, unknown>)[field] = b[field];
  }
  return changes;
}

/** The service's message for one field (it names fields as the request body does: "price"). */
export function messageFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** What salePrice will be (price × discountRate), for the form's preview only. */
export function previewSalePrice(model: PromotionVariantModel): string | null {
  const price = number(model.price);
  const rate = number(model.discountRate);
  if (price == null || rate == null || rate <= 0 || rate > 1) return null;
  return (Math.round(price * rate * 100) / 100).toFixed(2);
}
