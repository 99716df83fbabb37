import { describe, expect, it } from 'vitest';
import { formatMoney } from './format';

describe('money in its currency (Intl.NumberFormat)', () => {
  it('formats a decimal string in the currency and the locale asked for', () => {
    expect(formatMoney('1999.5', 'EUR', 'en-US')).toBe('€1,999.50');
    expect(formatMoney('1999.5', 'EUR', 'de-DE')).toBe('1.999,50\u00a0€');
    expect(formatMoney('799.00', 'CNY', 'zh-CN')).toBe('¥799.00');
    expect(formatMoney('1000', 'JPY', 'en-US')).toBe('¥1,000');
  });

  it('keeps every digit of an amount a float would round', () => {
    expect(formatMoney('90071992547409.99', 'USD', 'en-US')).toBe('$90,071,992,547,409.99');
  });

  it('falls back to the plain decimal without a currency, or with one Intl does not take', () => {
    expect(formatMoney('1999.5')).toBe('1,999.50');
    expect(formatMoney('1999.5', null)).toBe('1,999.50');
    expect(formatMoney('1999.5', 'EURO', 'en-US')).toBe('1,999.50');
    expect(formatMoney(null, 'EUR')).toBe('–');
  });
});
