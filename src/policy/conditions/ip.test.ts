import { describe, expect, it } from 'vitest';
import { compileClause, ConditionClauseError } from './clause.js';
import { IpAddress, parseCidr } from './ip.js';
import { ConditionValueError } from './operator.js';
import {
  clauseOf,
  describeRow,
  evaluateRow,
  KEY,
  missingKeyRows,
  type Row,
} from '../../../test/support/conditions.js';

const rows: Row[] = [
  { op: 'IpAddress', values: '203.0.113.0/24', context: '203.0.113.5', expected: true },
  { op: 'IpAddress', values: '203.0.113.0/24', context: '203.0.113.255', expected: true },
  { op: 'IpAddress', values: '203.0.113.0/24', context: '203.0.114.1', expected: false },
  // Host bits in the policy value are ignored: the range is still the /24.
  { op: 'IpAddress', values: '203.0.113.5/24', context: '203.0.113.9', expected: true },
  // An address alone is a /32 (or /128).
  { op: 'IpAddress', values: '203.0.113.5', context: '203.0.113.5', expected: true },
  { op: 'IpAddress', values: '203.0.113.5', context: '203.0.113.6', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '198.51.100.7', expected: true },
  { op: 'IpAddress', values: ['10.0.0.0/8', '192.168.0.0/16'], context: '192.168.1.1', expected: true },
  // IPv6, in any spelling; the guide's example range.
  { op: 'IpAddress', values: '2001:DB8:1234:5678::/64', context: '2001:db8:1234:5678::1', expected: true },
  {
    op: 'IpAddress',
    values: '2001:DB8:1234:5678::/64',
    context: '2001:db8:1234:5678:ffff:ffff:ffff:ffff',
    expected: true,
  },
  { op: 'IpAddress', values: '2001:DB8:1234:5678::/64', context: '2001:db8:1234:5679::1', expected: false },
  { op: 'IpAddress', values: '2001:db8::1', context: '2001:0db8:0:0:0:0:0:1', expected: true },
  { op: 'IpAddress', values: '2001:db8::1', context: '2001:db8::2', expected: false },
  { op: 'IpAddress', values: '::/0', context: '2001:db8::2', expected: true },
  // The families never mix, except an IPv4-mapped IPv6 context value, read as its IPv4 address.
  { op: 'IpAddress', values: '::/0', context: '203.0.113.5', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '2001:db8::1', expected: false },
  { op: 'IpAddress', values: '203.0.113.0/24', context: '::ffff:203.0.113.5', expected: true },
  { op: 'IpAddress', values: ['2001:db8::/32', '203.0.113.0/24'], context: '203.0.113.5', expected: true },
  { op: 'NotIpAddress', values: '203.0.113.0/24', context: '198.51.100.1', expected: true },
  { op: 'NotIpAddress', values: '203.0.113.0/24', context: '203.0.113.9', expected: false },
  { op: 'NotIpAddress', values: ['10.0.0.0/8', '192.168.0.0/16'], context: '192.168.1.1', expected: false },
  { op: 'NotIpAddress', values: ['10.0.0.0/8', '192.168.0.0/16'], context: '172.16.0.1', expected: true },
  { op: 'NotIpAddress', values: '2001:db8::/32', context: '2001:db9::1', expected: true },
  // A context value that is not an address matches no range.
  { op: 'IpAddress', values: '0.0.0.0/0', context: 'localhost', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '127.1', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '0x7f.0.0.1', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '203.0.113.0/24', expected: false },
  { op: 'IpAddress', values: '0.0.0.0/0', context: '', expected: false },
  { op: 'IpAddress', values: '::/0', context: 'fe80::1%eth0', expected: false },
  { op: 'NotIpAddress', values: '0.0.0.0/0', context: 'localhost', expected: true },
  // Multivalued keys.
  { op: 'IpAddress', values: '10.0.0.0/8', context: ['10.0.0.1', '10.0.0.2'], expected: false },
  { op: 'ForAllValues:IpAddress', values: '10.0.0.0/8', context: ['10.0.0.1', '10.0.0.2'], expected: true },
  { op: 'ForAllValues:IpAddress', values: '10.0.0.0/8', context: ['10.0.0.1', '11.0.0.2'], expected: false },
  { op: 'ForAnyValue:NotIpAddress', values: '10.0.0.0/8', context: ['10.0.0.1', '11.0.0.2'], expected: true },
  ...missingKeyRows('IpAddress', 'NotIpAddress', '203.0.113.0/24'),
];

const BAD = [
  '',
  '203.0.113',
  '203.0.113.0/33',
  '300.1.1.1',
  '010.0.0.1',
  '127.1',
  '10.0.0.0/',
  '10.0.0.0/8/8',
  '10.0.0.0/-1',
  '10.0.0.0/08x',
  '2001:db8::/129',
  '2001:db8:::1',
  'fe80::1%eth0',
  'localhost',
  '${aws:SourceIp}',
];

describe('IP address operators', () => {
  for (const row of rows) it(describeRow(row), () => expect(evaluateRow(row)).toBe(row.expected));

  for (const value of BAD) {
    it(`rejects the policy value ${JSON.stringify(value)}`, () => {
      expect(() => IpAddress.compile(value, { variables: true })).toThrow(ConditionValueError);
      expect(() => compileClause(clauseOf('NotIpAddress', KEY, value), true)).toThrow(ConditionClauseError);
    });
  }

  it('parses ranges once, with the default prefix of a single address', () => {
    expect(parseCidr('203.0.113.5')?.prefix).toBe(32);
    expect(parseCidr('2001:db8::1')?.prefix).toBe(128);
    expect(parseCidr('2001:db8::/32')?.prefix).toBe(32);
    expect(parseCidr('2001:db8::/32')?.address.kind()).toBe('ipv6');
  });
});
