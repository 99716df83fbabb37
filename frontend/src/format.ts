/** Display helpers: money as decimal strings, countdowns, and datetime-local ↔ UTC instants. */
import type { Instant, Money } from './api';

/**
 * Money for people. With a currency (ISO 4217, the sale's): Intl.NumberFormat in the reader's locale
 * ("1999.5", "EUR" → "€1,999.50" in en-US, "1.999,50 €" in de-DE, "CN¥1,999.50" for CNY), given the decimal
 * string itself so no float rounds the amount. Without one: "1999.5" → "1,999.50", exact.
 */
export function formatMoney(
  value: Money | number | null | undefined,
  currency?: string | null,
  locale?: string | string[],
): string {
  if (value == null || value === '') return '–';
  if (currency) {
    const formatted = formatCurrency(value, currency, locale);
    if (formatted !== null) return formatted;
  }
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = ''] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${fraction.padEnd(2, '0')}`;
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** Intl's currency format of a decimal string or number; null for a code Intl doesn't take or a non-number. */
function formatCurrency(value: Money | number, currency: string, locale?: string | string[]): string | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const key = `${String(locale ?? '')}|${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      return null; // not a well-formed currency code
    }
    currencyFormats.set(key, format);
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3); the type only lists numbers on older libs.
  return format.format(text as unknown as number);
}

function toCents(value: Money): bigint | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

/** unitPrice × quantity as a decimal string, exact to the cent. */
export function multiplyMoney(unitPrice: Money, quantity: number): Money {
  const cents = toCents(unitPrice);
  if (cents == null) return (Number(unitPrice) * quantity).toFixed(2);
  const total = cents * BigInt(quantity);
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Whole percent off the list price, from the two prices the backend computed. */
export function discountPercent(price: Money, salePrice: Money): number {
  const list = Number(price);
  const discounted = Number(salePrice);
  if (!(list > 0) || !Number.isFinite(discounted)) return 0;
  return Math.max(0, Math.round((1 - discounted / list) * 100));
}

/** 3725000 → "1:02:05"; 299000 → "04:59"; days shown as "2d 03:04:05". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${two(hours)}:${two(minutes)}:${two(seconds)}`;
  if (hours > 0) return `${hours}:${two(minutes)}:${two(seconds)}`;
  return `${two(minutes)}:${two(seconds)}`;
}

/** Spoken form for screen readers: "4 minutes 59 seconds". */
export function speakCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const parts: string[] = [];
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = total;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length ? parts.join(' ') : '0 seconds';
}

export function formatDateTime(value: Instant | null | undefined): string {
  if (!value) return '–';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An instant as the value of <input type="datetime-local"> in the browser's time zone. */
export function toDateTimeLocal(value: Instant | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const base = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
  return date.getSeconds() ? `${base}:${two(date.getSeconds())}` : base;
}

/** The value of <input type="datetime-local"> (local time) as an ISO-8601 UTC instant. */
export function fromDateTimeLocal(value: string): Instant | null {
  if (!value) return null;
  const date = new Date(value); // a date-time without offset is local time
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace('.000Z', 'Z');
}

export type WindowPhase = 'upcoming' | 'live' | 'ended';

/** Where `now` falls in a promotion variant's window [startsAt, endsAt). */
export function windowPhase(times: { startsAt: Instant; endsAt: Instant }, now: number): WindowPhase {
  if (now < Date.parse(times.startsAt)) return 'upcoming';
  if (now >= Date.parse(times.endsAt)) return 'ended';
  return 'live';
}
