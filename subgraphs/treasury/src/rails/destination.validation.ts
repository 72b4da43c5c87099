import { badInput, ok, type Result } from '@orquesta/graphql';
import type { PayoutNetwork } from './rail.catalogue';

/** Where a payout goes, as the client gave it (one network's fields). */
export interface PayoutDestination {
  readonly network: PayoutNetwork;
  readonly name?: string | null;
  readonly clabe?: string | null;
  readonly pixKey?: string | null;
  readonly bankCode?: string | null;
  readonly accountNumber?: string | null;
  readonly routingNumber?: string | null;
  readonly documentNumber?: string | null;
  readonly phone?: string | null;
  readonly walletAddress?: string | null;
}

const CLABE_WEIGHTS = [3, 7, 1];

/** CLABE: 18 digits, the last a check digit over the first 17 (weights 3, 7, 1, modulo 10). */
export function isValidClabe(clabe: string): boolean {
  if (!/^\d{18}$/.test(clabe)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ((Number(clabe[i]) * CLABE_WEIGHTS[i % 3]) % 10);
  return (10 - (sum % 10)) % 10 === Number(clabe[17]);
}

/** CPF: 11 digits with two mod-11 check digits; repeated digits are refused. */
export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += digits[i] * (length + 1 - i);
    const check = ((sum * 10) % 11) % 10;
    if (check !== digits[length]) return false;
  }
  return true;
}

/** CNPJ: 14 digits with two mod-11 check digits. */
export function isValidCnpj(cnpj: string): boolean {
  if (!/^\d{14}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const digits = [...cnpj].map(Number);
  const weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  for (const length of [12, 13]) {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += digits[i] * weights[i + 13 - length];
    const remainder = sum % 11;
    if ((remainder < 2 ? 0 : 11 - remainder) !== digits[length]) return false;
  }
  return true;
}

/** ABA routing number: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function isValidRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}

const PIX_EMAIL = /^[^\s@]{1,64}@[^\s@]{1,180}\.[a-z]{2,}$/i;
const PIX_PHONE = /^\+55\d{10,11}$/;
const PIX_RANDOM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KENYAN_MOBILE = /^\+254(7|1)\d{8}$/;
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Which kind of Pix key this is, or null when it is none of the five. */
export function pixKeyKind(key: string): 'cpf' | 'cnpj' | 'email' | 'phone' | 'random' | null {
  if (isValidCpf(key)) return 'cpf';
  if (isValidCnpj(key)) return 'cnpj';
  if (PIX_PHONE.test(key)) return 'phone';
  if (PIX_EMAIL.test(key)) return 'email';
  if (PIX_RANDOM.test(key)) return 'random';
  return null;
}

function required(field: string, value: string | null | undefined): Result<string> {
  if (value === null || value === undefined || value.trim() === '') return badInput(field, 'is required for this network');
  if (value.length > 200) return badInput(field, 'is too long');
  return ok(value.trim());
}

/**
 * Checks a destination by format (check digits where the scheme has them), naming the
 * offending field under `prefix` ("input.destination"). Returns the normalized destination.
 */
export function checkDestination(prefix: string, destination: PayoutDestination): Result<PayoutDestination> {
  const at = (field: string) => `${prefix}.${field}`;
  const name = destination.name?.trim() || null;
  if (name && name.length > 140) return badInput(at('name'), 'must be at most 140 characters');
  switch (destination.network) {
    case 'SPEI': {
      const clabe = required(at('clabe'), destination.clabe);
      if (!clabe.ok) return clabe;
      if (!isValidClabe(clabe.value)) return badInput(at('clabe'), 'must be an 18-digit CLABE with a valid check digit');
      return ok({ network: 'SPEI', name, clabe: clabe.value });
    }
    case 'PIX': {
      const key = required(at('pixKey'), destination.pixKey);
      if (!key.ok) return key;
      if (!pixKeyKind(key.value)) return badInput(at('pixKey'), 'must be a CPF or CNPJ with valid check digits, an email, a +55 phone or a random key');
      return ok({ network: 'PIX', name, pixKey: key.value });
    }
    case 'PSE': {
      const bank = required(at('bankCode'), destination.bankCode);
      if (!bank.ok) return bank;
      if (!/^\d{4}$/.test(bank.value)) return badInput(at('bankCode'), 'must be a 4-digit Colombian bank code');
      const account = required(at('accountNumber'), destination.accountNumber);
      if (!account.ok) return account;
      if (!/^\d{6,17}$/.test(account.value)) return badInput(at('accountNumber'), 'must be 6 to 17 digits');
      const document = required(at('documentNumber'), destination.documentNumber);
      if (!document.ok) return document;
      if (!/^\d{6,10}$/.test(document.value)) return badInput(at('documentNumber'), 'must be a cédula or NIT of 6 to 10 digits');
      return ok({ network: 'PSE', name, bankCode: bank.value, accountNumber: account.value, documentNumber: document.value });
    }
    case 'ACH': {
      const routing = required(at('routingNumber'), destination.routingNumber);
      if (!routing.ok) return routing;
      if (!isValidRoutingNumber(routing.value)) return badInput(at('routingNumber'), 'must be a 9-digit ABA routing number with a valid checksum');
      const account = required(at('accountNumber'), destination.accountNumber);
      if (!account.ok) return account;
      if (!/^\d{4,17}$/.test(account.value)) return badInput(at('accountNumber'), 'must be 4 to 17 digits');
      return ok({ network: 'ACH', name, routingNumber: routing.value, accountNumber: account.value });
    }
    case 'MPESA': {
      const phone = required(at('phone'), destination.phone);
      if (!phone.ok) return phone;
      if (!KENYAN_MOBILE.test(phone.value)) return badInput(at('phone'), 'must be a Kenyan mobile number such as +254712345678');
      return ok({ network: 'MPESA', name, phone: phone.value });
    }
    case 'USDC': {
      const address = required(at('walletAddress'), destination.walletAddress);
      if (!address.ok) return address;
      if (!EVM_ADDRESS.test(address.value)) return badInput(at('walletAddress'), 'must be 0x followed by 40 hexadecimal characters');
      return ok({ network: 'USDC', name, walletAddress: address.value.toLowerCase() });
    }
    default:
      return badInput(at('network'), 'is not a supported network');
  }
}
