import ipaddr from 'ipaddr.js';
import { ConditionValueError, type ValueMatcher, type ValueOperator } from './operator.js';

/**
 * `IpAddress` and `NotIpAddress` compare an IPv4 or IPv6 address with a CIDR range or a single
 * address (`/32` or `/128`), as the IAM User Guide's "IP address condition operators" describes.
 * Addresses are read strictly: dotted-quad IPv4 only (no `127.1`, no hex or octal parts) and IPv6
 * without a zone. An IPv4-mapped IPv6 context value (`::ffff:203.0.113.5`, what a dual-stack socket
 * reports for an IPv4 client) is compared as the IPv4 address it carries.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses a strict IPv4 or IPv6 address; undefined when the text is not one. */
function parseStrict(text: string): Address | undefined {
  if (text.includes(':')) {
    return !text.includes('%') && ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : undefined;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

// The last context value parsed: every range of a clause tests the same value in turn.
let lastText: string | undefined;
let lastAddress: Address | undefined;

/** Parses a context value as an address, IPv4-mapped IPv6 read as IPv4; undefined when it is not one. */
export function parseContextAddress(text: string): Address | undefined {
  if (text !== lastText) {
    const address = parseStrict(text);
    lastAddress =
      address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
    lastText = text;
  }
  return lastAddress;
}

/** A CIDR range compiled once. */
export interface CidrRange {
  readonly address: Address;
  readonly prefix: number;
}

/** Parses `address` or `address/prefix` (IPv4 or IPv6); undefined when the text is not one. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  const address = parseStrict(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (slash < 0) return { address, prefix: max };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix } : undefined;
}

function compileIp(name: string) {
  return (value: string): ValueMatcher => {
    const range = parseCidr(value);
    if (!range) {
      throw new ConditionValueError(
        `${name} expects an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32), not '${value}'.`,
      );
    }
    const { address: network, prefix } = range;
    const kind = network.kind();
    return {
      requiredKeys: [],
      test: (subject) => {
        const address = parseContextAddress(subject);
        // match() throws when the kinds differ; an IPv4 address is never in an IPv6 range.
        return address !== undefined && address.kind() === kind && address.match(network, prefix);
      },
    };
  };
}

/** `IpAddress`: the address is in the policy's range. */
export const IpAddress: ValueOperator = Object.freeze({
  kind: 'value',
  name: 'IpAddress',
  negated: false,
  acceptsVariables: false,
  compile: compileIp('IpAddress'),
});

/** `NotIpAddress`: holds when the address is in none of the policy's ranges. */
export const NotIpAddress: ValueOperator = Object.freeze({
  kind: 'value',
  name: 'NotIpAddress',
  negated: true,
  acceptsVariables: false,
  compile: compileIp('NotIpAddress'),
});
