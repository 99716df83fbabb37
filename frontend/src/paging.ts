/** Paged lists: the query a list is asked with, and what its answer's headers say (X-Total-Count, Link). */

/** Query parameters of a list: page (from 0), size (1–200) and its filters; empty values are left out. */
export type ListQuery = Record<string, string | number | readonly string[] | null | undefined>;

/** "?page=1&size=20&status=PAID&status=CONFIRMED", or "" when nothing is set. */
export function queryString(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value == null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      const text = String(one).trim();
      if (text !== '') params.append(key, text);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The URL of one relation ("next", "prev", …) in an RFC 8288 Link header. */
export function linkOf(header: string | null, rel: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]*)>(.*)$/.exec(part.trim());
    if (match && new RegExp(`;\\s*rel="?([^";]*\\s)?${rel}(\\s[^";]*)?"?`).test(match[2])) return match[1];
  }
  return null;
}

/** The total and the next page's URL of a paged answer; without the headers, the items are all there is. */
export function pageOf(headers: Headers, itemCount: number): { total: number; next: string | null } {
  const total = Number(headers.get('X-Total-Count'));
  return {
    total: headers.has('X-Total-Count') && Number.isFinite(total) ? total : itemCount,
    next: linkOf(headers.get('Link'), 'next'),
  };
}
