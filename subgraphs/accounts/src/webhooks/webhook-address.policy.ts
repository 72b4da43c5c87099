import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may reach. Private, loopback, link-local (cloud metadata),
 * carrier-grade NAT, multicast, reserved and unspecified ranges are refused, in IPv4 and IPv6
 * (IPv4-mapped IPv6 is judged by its IPv4). ORQUESTA_WEBHOOK_ALLOWLIST lists hosts or CIDRs
 * that are let through anyway (local development, tests).
 */
export interface AddressPolicy {
  allowsHost(hostname: string): boolean;
  allowsAddress(address: string): boolean;
}

const DENIED_V4 = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const;
const DENIED_V6 = [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const;

const denied = new BlockList();
for (const [network, prefix] of DENIED_V4) denied.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of DENIED_V6) denied.addSubnet(network, prefix, 'ipv6');

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const MAPPED_V4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** An IPv4-mapped IPv6 address as the IPv4 it carries; anything else unchanged. */
function unmapped(address: string): string {
  const dotted = MAPPED_V4.exec(address);
  if (dotted) return dotted[1];
  const hex = MAPPED_V4_HEX.exec(address);
  if (!hex) return address;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

// Names that mean this machine or a private network whatever DNS says.
const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/i;

export function createAddressPolicy(allowlist: string): AddressPolicy {
  const allowedAddresses = new BlockList();
  const allowedHosts = new Set<string>();
  for (const raw of allowlist.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean)) {
    const [network, prefix] = raw.split('/');
    const family = isIP(network);
    if (family === 0) allowedHosts.add(raw.replace(/^\[|\]$/g, ''));
    else if (prefix === undefined) allowedAddresses.addAddress(network, family === 4 ? 'ipv4' : 'ipv6');
    else allowedAddresses.addSubnet(network, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    allowsHost: (hostname) => allowedHosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, '')),
    allowsAddress(address) {
      const plain = unmapped(address.replace(/^\[|\]$/g, ''));
      const family = isIP(plain);
      if (family === 0) return false;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (allowedAddresses.check(plain, type)) return true;
      return !denied.check(plain, type);
    },
  };
}

export function isLocalName(hostname: string): boolean {
  return LOCAL_NAMES.test(hostname.replace(/\.$/, ''));
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export class BlockedAddressError extends Error {
  readonly code = 'EADDRBLOCKED';
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, which webhooks may not reach`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves, then refuses the connection when any address the
 * name resolves to is not allowed. Checking the address actually connected to (not the one seen
 * at registration) is what stops DNS rebinding.
 */
export function guardedLookup(policy: AddressPolicy, resolver: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => {
        const allowed = policy.allowsHost(hostname);
        const blocked = allowed ? undefined : addresses.find((entry) => !policy.allowsAddress(entry.address));
        if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), '', 0);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
        if (typeof options === 'object' && options?.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
