import { isIP } from 'node:net';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { isLocalName, systemResolver, type AddressPolicy, type Resolver } from './webhook-address.policy';

export const URL_LENGTH_MAX = 2048;

export interface UrlCheckOptions {
  readonly livemode: boolean;
  readonly policy: AddressPolicy;
  readonly resolver?: Resolver;
}

/**
 * A webhook URL a partner registers: absolute http(s), https in live mode, no credentials, and
 * a host that is (and resolves only to) addresses the policy allows. The WHATWG parser has
 * already turned decimal, hex and octal IPv4 forms (2130706433, 0x7f000001, 0177.1) into
 * dotted quads, so they meet the same address check. The sender checks again at connect time.
 */
export async function checkWebhookUrl(field: string, raw: string, options: UrlCheckOptions): Promise<Result<string>> {
  const text = raw.trim();
  if (text.length === 0 || text.length > URL_LENGTH_MAX) return badInput(field, `must be a URL of at most ${URL_LENGTH_MAX} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return badInput(field, 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return badInput(field, 'must be an http or https URL');
  if (options.livemode && url.protocol !== 'https:') return badInput(field, 'must use https in live mode');
  if (url.username || url.password) return badInput(field, 'must not carry credentials');
  if (url.hash) return badInput(field, 'must not have a fragment');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (options.policy.allowsHost(hostname)) return ok(url.toString());
  if (isIP(hostname) !== 0) {
    return options.policy.allowsAddress(hostname) ? ok(url.toString()) : badInput(field, `points to a disallowed address (${hostname})`);
  }
  if (isLocalName(hostname)) return badInput(field, `points to a local host name (${hostname})`);
  let addresses: { address: string }[];
  try {
    addresses = await (options.resolver ?? systemResolver)(hostname);
  } catch {
    return badInput(field, `host ${hostname} does not resolve`);
  }
  if (addresses.length === 0) return badInput(field, `host ${hostname} does not resolve`);
  const blocked = addresses.find((entry) => !options.policy.allowsAddress(entry.address));
  if (blocked) return badInput(field, `host ${hostname} resolves to a disallowed address (${blocked.address})`);
  return ok(url.toString());
}
