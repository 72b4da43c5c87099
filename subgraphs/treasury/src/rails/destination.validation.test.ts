import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDestination, isValidClabe, isValidCnpj, isValidCpf, isValidRoutingNumber, pixKeyKind } from './destination.validation';
import { railCallbackKey, signRailCallback, verifyRailCallback } from './rail-provider';
import { scriptedOutcome } from './rail-simulator';
import { CORRIDORS, findRail, railFeeMinor, RAILS } from './rail.catalogue';

describe('destination formats', () => {
  test('CLABE: 18 digits with the weighted check digit', () => {
    assert.equal(isValidClabe('032180000118359719'), true);
    assert.equal(isValidClabe('032180000118359718'), false, 'wrong check digit');
    assert.equal(isValidClabe('03218000011835971'), false, '17 digits');
    assert.equal(isValidClabe('03218000011835971a'), false);
  });

  test('CPF and CNPJ: both mod-11 check digits; repeated digits refused', () => {
    assert.equal(isValidCpf('52998224725'), true);
    assert.equal(isValidCpf('52998224724'), false);
    assert.equal(isValidCpf('11111111111'), false);
    assert.equal(isValidCnpj('11222333000181'), true);
    assert.equal(isValidCnpj('11222333000182'), false);
  });

  test('Pix keys: CPF, CNPJ, email, +55 phone or random key', () => {
    assert.equal(pixKeyKind('52998224725'), 'cpf');
    assert.equal(pixKeyKind('11222333000181'), 'cnpj');
    assert.equal(pixKeyKind('ana@example.com.br'), 'email');
    assert.equal(pixKeyKind('+5511987654321'), 'phone');
    assert.equal(pixKeyKind('123e4567-e89b-12d3-a456-426614174000'), 'random');
    assert.equal(pixKeyKind('12345'), null);
  });

  test('ABA routing numbers: the 3-7-1 checksum', () => {
    assert.equal(isValidRoutingNumber('021000021'), true);
    assert.equal(isValidRoutingNumber('011000015'), true);
    assert.equal(isValidRoutingNumber('021000022'), false);
  });

  test('checkDestination names the field and normalizes what it accepts', () => {
    const wallet = checkDestination('input.destination', { network: 'USDC', walletAddress: `0x${'AB'.repeat(20)}` });
    assert.deepEqual(wallet, { ok: true, value: { network: 'USDC', name: null, walletAddress: `0x${'ab'.repeat(20)}` } });
    const phone = checkDestination('input.destination', { network: 'MPESA', phone: '0712345678' });
    assert.deepEqual(phone, { ok: false, error: { code: 'BAD_USER_INPUT', field: 'input.destination.phone', message: 'must be a Kenyan mobile number such as +254712345678' } });
    const missing = checkDestination('input.destination', { network: 'PSE', bankCode: '1007', accountNumber: '123456' });
    assert.equal(!missing.ok && missing.error.code === 'BAD_USER_INPUT' && missing.error.field, 'input.destination.documentNumber');
  });
});

describe('rails', () => {
  test('every network has two providers and every served corridor a network', () => {
    for (const network of ['SPEI', 'PIX', 'PSE', 'ACH', 'MPESA', 'USDC']) assert.equal(RAILS.filter((rail) => rail.network === network).length, 2, network);
    assert.deepEqual(CORRIDORS.filter((corridor) => !corridor.network).map((corridor) => corridor.code), ['USD-ARS']);
  });

  test('a provider fee is basis points rounded up plus the fixed part', () => {
    assert.equal(railFeeMinor(findRail('spei_stp')!, 1_000_000n), 1_000n + 500n);
    assert.equal(railFeeMinor(findRail('spei_stp')!, 1n), 1n + 500n);
  });

  test('callbacks verify only with the rail key, an unchanged body and a fresh timestamp', () => {
    const body = JSON.stringify({ rail: 'pix_bs2', reference: 'r', transferId: 't', tenantId: 'x', livemode: false, status: 'succeeded' });
    const signature = signRailCallback('secret', 'pix_bs2', body);
    assert.equal(verifyRailCallback('secret', 'pix_bs2', { 'x-rail-signature': signature }, body)?.status, 'succeeded');
    assert.equal(verifyRailCallback('other', 'pix_bs2', { 'x-rail-signature': signature }, body), null);
    assert.equal(verifyRailCallback('secret', 'pix_celcoin', { 'x-rail-signature': signature }, body), null);
    assert.equal(verifyRailCallback('secret', 'pix_bs2', { 'x-rail-signature': signature }, body.replace('succeeded', 'failed')), null);
    const stale = signRailCallback('secret', 'pix_bs2', body, new Date(Date.now() - 10 * 60_000));
    assert.equal(verifyRailCallback('secret', 'pix_bs2', { 'x-rail-signature': stale }, body), null);
    assert.notDeepEqual(railCallbackKey('secret', 'pix_bs2'), railCallbackKey('secret', 'pix_celcoin'));
  });

  test('test scripts pick an outcome per rail, or for every rail with *', () => {
    assert.equal(scriptedOutcome('pay [sim:spei_stp=hard,*=soft]', 'spei_stp'), 'hard');
    assert.equal(scriptedOutcome('pay [sim:spei_stp=hard,*=soft]', 'spei_arcus'), 'soft');
    assert.equal(scriptedOutcome('no script', 'spei_stp'), null);
  });
});
