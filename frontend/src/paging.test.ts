import { describe, expect, it } from 'vitest';
import { linkOf, pageOf, queryString } from './paging';

describe('a list query', () => {
  it('leaves out empty values and repeats lists', () => {
    expect(queryString({ page: 0, size: 20, status: '', name: ' nova ', email: null, userId: undefined })).toBe(
      '?page=0&size=20&name=nova',
    );
    expect(queryString({ status: ['PAID', 'CONFIRMED'] })).toBe('?status=PAID&status=CONFIRMED');
    expect(queryString({})).toBe('');
  });

  it('encodes what it carries', () => {
    expect(queryString({ email: 'a+b@x.test', name: '100% off' })).toBe('?email=a%2Bb%40x.test&name=100%25+off');
  });
});

describe('a paged answer', () => {
  const link =
    '<http://h/api/admin/promotions?page=0&size=2>; rel="first", <http://h/api/admin/promotions?page=2&size=2>; rel="next", ' +
    '<http://h/api/admin/promotions?page=4&size=2>; rel="last"';

  it('reads the links of an RFC 8288 header by relation', () => {
    expect(linkOf(link, 'next')).toBe('http://h/api/admin/promotions?page=2&size=2');
    expect(linkOf(link, 'last')).toBe('http://h/api/admin/promotions?page=4&size=2');
    expect(linkOf(link, 'prev')).toBeNull();
    expect(linkOf(null, 'next')).toBeNull();
  });

  it('takes the total from X-Total-Count, else counts the items', () => {
    expect(pageOf(new Headers({ 'X-Total-Count': '9', Link: link }), 2)).toEqual({
      total: 9,
      next: 'http://h/api/admin/promotions?page=2&size=2',
    });
    expect(pageOf(new Headers(), 3)).toEqual({ total: 3, next: null });
  });
});
