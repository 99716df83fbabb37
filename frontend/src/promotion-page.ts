/** The sale page's view of a promotion (campaign): its title, and the variant picker's choices. */
import type { Promotion, PromotionVariant } from './api';

/** "Aurora X1 · Blue, 128 GB"; a promotion of one whose name is its variant's shows that name once. */
export function cardTitle(variant: Pick<PromotionVariant, 'name' | 'promotionName'>): string {
  const campaign = variant.promotionName?.trim();
  return campaign && campaign !== variant.name ? `${campaign} · ${variant.name}` : variant.name;
}

/** One choice of the variant picker. */
export interface VariantChoice {
  id: number;
  name: string;
  salePrice: string;
  available: number;
  selected: boolean;
  soldOut: boolean;
}

/**
 * The picker's choices: every shown variant of the promotion in its order, with the newest live figure of each
 * (from the stock topic, else the one the page was loaded with). Empty for a promotion of one: nothing to pick.
 */
export function variantChoices(
  promotion: Pick<Promotion, 'variants'> | null,
  selectedId: number,
  live: ReadonlyMap<number, number>,
): VariantChoice[] {
  if (!promotion || promotion.variants.length < 2) return [];
  return promotion.variants.map((v) => {
    const available = Math.max(0, live.get(v.id) ?? v.available);
    return { id: v.id, name: v.name, salePrice: v.salePrice, available, selected: v.id === selectedId, soldOut: available <= 0 };
  });
}
