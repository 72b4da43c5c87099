import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildClientSchema, introspectionFromSchema, parse, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { COST_MAX, queryCost, SUBSCRIPTIONS_PER_SOCKET_MAX } from '@orquesta/gateway';
import type { DataSource } from 'typeorm';
import { encodeContext, loadConfig, CONTEXT_HEADER, SIGNATURE_HEADER, type RequestContext } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';
import { createSubgraph, type Subgraph } from '@orquesta/graphql';
import { closeTestPools, depositVia, postGraphQLFrom, queryOk, randomClientIp, signupVia, loginVia, startWebhookReceiver, subscribe, subscriptionClient, testDatabaseUrl, testSystemPool, type GraphQLResponse, type SignedUpTenant, type Subscription, type WebhookReceiver } from '@orquesta/testing';
import { startTestPlatform } from '../testing';
import type { Platform } from '../platform';
import { SUBGRAPHS } from '../subgraph-registry';
import { withSubscriptions } from '@orquesta/gateway';

// The tenant isolation probe (issue 4). Tenant A (the victim) builds a rich set of objects in
// test and live mode; tenant B (the attacker, an owner so no FORBIDDEN can mask a leak) then
// calls every query and mutation of the public schema, read by introspection, with A's ids in
// every ID argument and input field, subscribes to A's ids, and asks every subgraph's
// `_entities` for A's entities. Nothing of A may come back, and A's rows must not change.
// The calls are built from the schema, so a field added later is probed without editing this file.

process.env.ORQUESTA_TRUST_PROXY = '1';

// Sign-in mutations need no credential; logout ends the attacker's own session. None takes an id.
const SKIPPED_FIELDS = new Set(['signup', 'login', 'refreshSession', 'acceptInvite', 'logout', 'logoutEverywhere']);
// How deep the probe selects: deep enough to reach `agent { account { name } }` and `nodes { entity }`.
const SELECTION_DEPTH = 3;
// The gateway's schema, once introspected: probe selections are kept within its cost limit.
let costSchema: GraphQLSchema | undefined;
const PROBE_CONCURRENCY = 4;
// Tables whose A rows legitimately change without A's state changing: the append-only records.
const FINGERPRINT_EXCLUDED = new Set(['events.events', 'accounts.audit_log', 'accounts.security_events']);
// Columns written by using a credential, not by changing the object.
const VOLATILE_COLUMNS = ['last_used_at', 'last_used_ip'];
const LEAK_IN_ERROR = /\b(SELECT|INSERT INTO|DELETE FROM|UPDATE [a-z_]+\.[a-z_]+)\b|violates|relation "|syntax error at|\bat [^\s()]+ \(|\.(?:js|ts):\d+:\d+|stacktrace/;

// ---------------------------------------------------------------------------------------------
// Introspection and call building

interface TypeRef {
  readonly kind: string;
  readonly name: string | null;
  readonly ofType: TypeRef | null;
}
interface InputValue {
  readonly name: string;
  readonly type: TypeRef;
  readonly defaultValue: string | null;
}
interface FieldDef {
  readonly name: string;
  readonly args: readonly InputValue[];
  readonly type: TypeRef;
}
interface FullType {
  readonly kind: string;
  readonly name: string;
  readonly fields: readonly FieldDef[] | null;
  readonly inputFields: readonly InputValue[] | null;
  readonly enumValues: ReadonlyArray<{ name: string }> | null;
  readonly possibleTypes: ReadonlyArray<{ name: string }> | null;
}

// The standard introspection query nests deeper than the gateway allows (12); this one suffices.
const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { kind name interfaces { name } possibleTypes { name } enumValues { name }
    fields { name type { ${TYPE_REF} } args { name defaultValue type { ${TYPE_REF} } } }
    inputFields { name defaultValue type { ${TYPE_REF} } } } } }`;

class SchemaModel {
  private readonly types = new Map<string, FullType>();
  constructor(types: readonly FullType[]) {
    for (const type of types) this.types.set(type.name, type);
  }
  type(name: string): FullType {
    const type = this.types.get(name);
    assert.ok(type, `type ${name} is not in the schema`);
    return type;
  }
  fields(typeName: string): readonly FieldDef[] {
    return this.type(typeName).fields ?? [];
  }
  /** True when a value of this type holds an ID somewhere (directly, in a list or in an input object). */
  containsId(ref: TypeRef, seen = new Set<string>()): boolean {
    const name = namedType(ref);
    if (name === 'ID') return true;
    const type = this.types.get(name);
    if (type?.kind !== 'INPUT_OBJECT' || seen.has(name)) return false;
    seen.add(name);
    return (type.inputFields ?? []).some((field) => this.containsId(field.type, seen));
  }
}

function namedType(ref: TypeRef): string {
  return ref.ofType ? namedType(ref.ofType) : ref.name!;
}

function typeString(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeString(ref.ofType!)}!`;
  if (ref.kind === 'LIST') return `[${typeString(ref.ofType!)}]`;
  return ref.name!;
}

function required(value: InputValue): boolean {
  return value.type.kind === 'NON_NULL' && value.defaultValue === null;
}

/** Chooses the value of every ID slot; `slot` is the argument or input field name. */
type IdChooser = (slot: string) => string;

interface ValueContext {
  readonly schema: SchemaModel;
  readonly id: IdChooser;
  readonly webhookUrl: string;
  /** Every ID slot visited, in order (the first pass uses it to plan variants). */
  readonly slots: string[];
}

const HOUR_MS = 3_600_000;
// Optional fields a call needs to get past input checks (a payout's SPEI destination).
const ALWAYS_FILLED: ReadonlySet<string> = new Set(['clabe']);

function stringFor(name: string, ctx: ValueContext): string {
  if (/^(from|to)?currency$/i.test(name)) return name === 'toCurrency' ? 'MXN' : 'USD';
  if (name === 'idempotencyKey') return randomUUID();
  if (/email/i.test(name)) return `probe-${randomUUID().slice(0, 8)}@example.com`;
  if (/password/i.test(name)) return `Probe-${randomUUID()}`;
  if (name === 'url') return ctx.webhookUrl;
  // A well-formed SPEI destination (check digit included), so payouts get past the format checks.
  if (name === 'clabe') return '032180000118359719';
  if (/types$/i.test(name)) return '*';
  return 'probe';
}

function scalarFor(typeName: string, name: string, ctx: ValueContext): unknown {
  switch (typeName) {
    case 'ID':
      ctx.slots.push(name);
      return ctx.id(name);
    case 'String':
      return stringFor(name, ctx);
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Decimal':
      return '1.00';
    case 'DateTimeISO':
      if (name === 'from') return new Date(Date.now() - HOUR_MS).toISOString();
      if (name === 'to') return new Date().toISOString();
      return new Date(Date.now() + 24 * HOUR_MS).toISOString();
    case 'JSONObject':
      return {};
    default:
      return 'probe';
  }
}

/** A plausible value for a type: required input fields and every field holding an ID are filled. */
function valueFor(ref: TypeRef, name: string, ctx: ValueContext): unknown {
  if (ref.kind === 'NON_NULL') return valueFor(ref.ofType!, name, ctx);
  if (ref.kind === 'LIST') return [valueFor(ref.ofType!, name, ctx)];
  const type = ctx.schema.type(ref.name!);
  if (type.kind === 'ENUM') {
    const values = type.enumValues!.map((value) => value.name);
    // A role an owner may hand out to anyone, so a role change is tried rather than refused.
    return name === 'role' && values.includes('VIEWER') ? 'VIEWER' : values[0];
  }
  if (type.kind === 'INPUT_OBJECT') {
    const object: Record<string, unknown> = {};
    for (const field of type.inputFields ?? []) {
      if (required(field) || ctx.schema.containsId(field.type) || ALWAYS_FILLED.has(field.name)) object[field.name] = valueFor(field.type, field.name, ctx);
    }
    return object;
  }
  return scalarFor(type.name, name, ctx);
}

/** `__typename` and every leaf, then the same for object fields, `depth` levels down. */
function selectionOf(schema: SchemaModel, typeName: string, depth: number, skip: ReadonlySet<string> = new Set()): string {
  const type = schema.type(typeName);
  if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
    // Fragments on a union may not give one response name two types (status, type): those are left out.
    const shapes = new Map<string, Set<string>>();
    for (const possible of type.possibleTypes ?? []) {
      for (const field of schema.fields(possible.name)) shapes.set(field.name, (shapes.get(field.name) ?? new Set()).add(typeString(field.type)));
    }
    const conflicting = new Set([...shapes].filter(([, types]) => types.size > 1).map(([name]) => name));
    const fragments =
      depth > 0 ? (type.possibleTypes ?? []).map((possible) => `... on ${possible.name} ${selectionOf(schema, possible.name, depth - 1, conflicting)}`) : [];
    return `{ __typename ${fragments.join(' ')} }`;
  }
  const parts = ['__typename'];
  for (const field of type.fields ?? []) {
    if (field.args.some(required) || skip.has(field.name)) continue;
    const target = schema.type(namedType(field.type));
    if (target.kind === 'SCALAR' || target.kind === 'ENUM') parts.push(field.name);
    // Nested pages stay small, so every probe stays within the gateway's query cost limit.
    else if (depth > 0) parts.push(`${field.name}${field.args.some((arg) => arg.name === 'first') ? '(first: 2)' : ''} ${selectionOf(schema, target.name, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

interface ProbeCall {
  readonly field: string;
  readonly operation: 'query' | 'mutation' | 'subscription';
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** What went into the ID slots, for the failure message. */
  readonly ids: readonly string[];
}

function buildCall(
  schema: SchemaModel,
  operation: ProbeCall['operation'],
  field: FieldDef,
  choose: IdChooser,
  webhookUrl: string,
  depth = SELECTION_DEPTH,
  omit: (argument: string) => boolean = () => false,
): ProbeCall & { slots: string[] } {
  const ctx: ValueContext = { schema, id: choose, webhookUrl, slots: [] };
  const declarations: string[] = [];
  const uses: string[] = [];
  const variables: Record<string, unknown> = {};
  const ids: string[] = [];
  for (const arg of field.args) {
    if ((!required(arg) && !schema.containsId(arg.type)) || (!required(arg) && omit(arg.name))) continue;
    const before = ctx.slots.length;
    variables[arg.name] = valueFor(arg.type, arg.name, ctx);
    for (const slot of ctx.slots.slice(before)) ids.push(`${slot}=${choose(slot)}`);
    declarations.push(`$${arg.name}: ${typeString(arg.type)}`);
    uses.push(`${arg.name}: $${arg.name}`);
  }
  const target = schema.type(namedType(field.type));
  const selection = target.kind === 'SCALAR' || target.kind === 'ENUM' ? '' : selectionOf(schema, target.name, depth);
  const query = `${operation} Probe${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}${uses.length ? `(${uses.join(', ')})` : ''} ${selection} }`;
  // A selection the gateway would refuse as too costly is cut a level shallower.
  if (depth > 0 && costSchema && operation !== 'subscription' && queryCost(costSchema, parse(query), undefined, variables) > COST_MAX) {
    return buildCall(schema, operation, field, choose, webhookUrl, depth - 1, omit);
  }
  return { field: field.name, operation, query, variables, ids, slots: ctx.slots };
}

/** Every call to make for one field, with each suspect id in its ID slots. */
function callsFor(
  schema: SchemaModel,
  operation: ProbeCall['operation'],
  field: FieldDef,
  suspects: readonly string[],
  ownId: (slot: string) => string,
  webhookUrl: string,
): ProbeCall[] {
  const plan = buildCall(schema, operation, field, ownId, webhookUrl);
  if (plan.slots.length === 0) return [plan];
  const calls: ProbeCall[] = [];
  const slots = new Set(plan.slots);
  for (const suspect of suspects) {
    // One slot: the suspect goes in it. Several (from and to, after and entityId): the suspect in
    // each in turn, the caller's own ids in the others, as an attacker moving money would try.
    if (slots.size === 1) calls.push(buildCall(schema, operation, field, () => suspect, webhookUrl));
    else for (const slot of slots) calls.push(buildCall(schema, operation, field, (name) => (name === slot ? suspect : ownId(name)), webhookUrl));
  }
  return calls;
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// What A owns, and how to recognise it in an answer

interface Marked {
  readonly value: string;
  readonly what: string;
  readonly mode: 'test' | 'live' | 'none';
}

/** A uuid or an event id (evt_<txid>_<id>). */
function isId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value) || /^evt_\d+_\d+$/.test(value);
}

// A page cursor that repeats the `after` the caller sent is an echo of the request, not data.
function withoutEchoedCursors(value: unknown, sent: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutEchoedCursors(item, sent));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => !(['cursor', 'startCursor', 'endCursor'].includes(key) && typeof item === 'string' && sent.has(item)))
      .map(([key, item]) => [key, withoutEchoedCursors(item, sent)]),
  );
}

class Victim {
  readonly marks: Marked[] = [];
  add(value: string | null | undefined, what: string, mode: Marked['mode'] = 'none'): string {
    assert.ok(value, `victim ${what} is missing`);
    if (!this.marks.some((mark) => mark.value === value)) this.marks.push({ value, what, mode });
    return value;
  }
  ids(filter: (mark: Marked) => boolean = () => true): string[] {
    return this.marks.filter((mark) => filter(mark) && isId(mark.value)).map((mark) => mark.value);
  }
  /** The marks (ids, names, emails, prefixes) found in a piece of JSON. */
  foundIn(json: string, filter: (mark: Marked) => boolean = () => true): string[] {
    return this.marks.filter((mark) => filter(mark) && json.includes(mark.value)).map((mark) => `${mark.what} ${mark.value}`);
  }
}

// ---------------------------------------------------------------------------------------------

let platform: Platform;
let receiver: WebhookReceiver;
let schema: SchemaModel;
let victim: Victim;
let a: SignedUpTenant;
let b: SignedUpTenant;
const aIp = randomClientIp();
const bIp = randomClientIp();
const own: Record<string, string> = {};
const tag = randomUUID().slice(0, 8);

function asA(credential: string, query: string, variables?: Record<string, unknown>) {
  return postGraphQLFrom(platform.url, aIp, credential, query, variables);
}

async function okAs(credential: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await postGraphQLFrom(platform.url, aIp, credential, query, variables);
  assert.ok(!response.errors?.length && response.data, `${query.slice(0, 80)}: ${JSON.stringify(response.errors)}`);
  return response.data;
}

async function buildVictim(): Promise<void> {
  victim = new Victim();
  a = await signupVia(platform.url, { name: `Victim Owner ${tag}`, companyName: `Victim Co ${tag}`, email: `victim-${tag}@example.com` });
  victim.add(a.tenantId, 'tenant');
  victim.add(a.userId, 'owner user');
  victim.add(a.sessionId, 'signup session');
  victim.add(a.email, 'owner email');
  victim.add(a.name, 'owner name');
  victim.add(a.companyName, 'tenant name');
  const login = await loginVia(platform.url, a.email, a.password);
  victim.add(login.sessionId, 'login session');

  const test = a.testApiKey;
  const live = a.liveApiKey;
  const account = async (key: string, name: string, mode: 'test' | 'live') => {
    const data = await okAs(key, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', {
      input: { type: 'BUSINESS', name, email: `${name.toLowerCase().replace(/ /g, '-')}@victim.example` },
    });
    victim.add(name, `${mode} account name`, mode);
    victim.add(`${name.toLowerCase().replace(/ /g, '-')}@victim.example`, `${mode} account email`, mode);
    return victim.add(data.createAccount.account.id, `${mode} account`, mode);
  };
  const payer = await account(test, `Victim Payer ${tag}`, 'test');
  const payee = await account(test, `Victim Payee ${tag}`, 'test');
  const liveAccount = await account(live, `Victim Live ${tag}`, 'live');

  // Streams have no mutation yet: one row through the system pool, so Account.streams has something to hide.
  const streamId = randomUUID();
  await testSystemPool().query(
    `INSERT INTO streams.streams (id, tenant_id, livemode, status, sender_account_id, receiver_account_id, currency, flow_rate_per_second_minor)
     VALUES ($1, $2, false, 'active', $3, $4, 'USD', 1)`,
    [streamId, a.tenantId, payer, payee],
  );
  victim.add(streamId, 'test stream', 'test');

  // A webhook endpoint first, so what follows leaves deliveries to probe.
  const endpoint = await okAs(test, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }', {
    input: { url: receiver.url(`/victim-${tag}`), description: `Victim hook ${tag}`, eventTypes: ['*'] },
  });
  receiver.secrets = [endpoint.createWebhookEndpoint.secret];
  victim.add(endpoint.createWebhookEndpoint.endpoint.id, 'test webhook endpoint', 'test');
  victim.add(`Victim hook ${tag}`, 'test webhook description', 'test');

  await depositVia(platform.url, test, payer, '500.00');
  const transfer = await okAs(test, 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }', {
    input: { fromAccountId: payer, toAccountId: payee, amount: { amount: '25.00', currency: 'USD' }, idempotencyKey: randomUUID(), description: `Victim rent ${tag}` },
  });
  victim.add(transfer.createInternalTransfer.transfer.id, 'test transfer', 'test');
  victim.add(`Victim rent ${tag}`, 'test transfer description', 'test');

  const quote = await asA(test, 'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } } }', {
    input: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '100.00' },
  });
  assert.ok(quote.data?.createQuote, `createQuote: ${JSON.stringify(quote.errors)}`);
  victim.add(quote.data.createQuote.quote.id, 'test quote', 'test');
  const liveQuote = await asA(live, 'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } } }', {
    input: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '100.00' },
  });
  if (liveQuote.data?.createQuote) victim.add(liveQuote.data.createQuote.quote.id, 'live quote', 'live');

  const agent = async (key: string, accountId: string, mode: 'test' | 'live') => {
    const name = `Victim ${mode} agent ${tag}`;
    const data = await okAs(key, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', {
      input: { accountId, name, description: `Victim ${mode} agent notes ${tag}` },
    });
    victim.add(name, `${mode} agent name`, mode);
    const id = victim.add(data.createAgent.agent.id, `${mode} agent`, mode);
    const token = await okAs(key, 'mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) { agentToken { id prefix } } }', {
      input: { agentId: id, name: `Victim ${mode} token ${tag}` },
    });
    victim.add(token.createAgentToken.agentToken.id, `${mode} agent token`, mode);
    victim.add(token.createAgentToken.agentToken.prefix, `${mode} agent token prefix`, mode);
    return id;
  };
  await agent(test, payer, 'test');
  await agent(live, liveAccount, 'live');

  for (const [key, mode] of [
    [test, 'test'],
    [live, 'live'],
  ] as const) {
    const created = await okAs(key, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id prefix } } }', {
      input: { name: `Victim ${mode} key ${tag}` },
    });
    victim.add(created.createApiKey.apiKey.id, `${mode} api key`, mode);
    victim.add(`Victim ${mode} key ${tag}`, `${mode} api key name`, mode);
    for (const listed of (await okAs(key, '{ apiKeys { id prefix } }')).apiKeys as Array<{ id: string; prefix: string }>) {
      victim.add(listed.id, `${mode} api key`, mode);
      victim.add(listed.prefix, `${mode} api key prefix`, mode);
    }
  }

  const invite = await okAs(a.accessToken, 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invite { id } token } }', {
    input: { email: `victim-member-${tag}@example.com`, role: 'MEMBER' },
  });
  victim.add(invite.inviteMember.invite.id, 'invite');
  victim.add(`victim-member-${tag}@example.com`, 'member email');
  const accepted = await postGraphQLFrom(platform.url, randomClientIp(), undefined, 'mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { userId sessionId } }', {
    input: { token: invite.inviteMember.token, password: `Member-${randomUUID()}`, name: `Victim Member ${tag}` },
  });
  assert.ok(accepted.data?.acceptInvite, `acceptInvite: ${JSON.stringify(accepted.errors)}`);
  victim.add(accepted.data.acceptInvite.userId, 'member user');
  victim.add(accepted.data.acceptInvite.sessionId, 'member session');
  victim.add(`Victim Member ${tag}`, 'member name');
  for (const session of (await okAs(a.accessToken, '{ sessions { id } }')).sessions as Array<{ id: string }>) victim.add(session.id, 'owner session');

  // The deliveries of A's events, then A's events in both modes.
  await receiver.waitFor((received) => received.some((delivery) => delivery.payload.type === 'transfer.completed'));
  const deliveries = await okAs(test, 'query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 5) { nodes { id } } } }', {
    id: endpoint.createWebhookEndpoint.endpoint.id,
  });
  for (const delivery of deliveries.webhookEndpoint.deliveries.nodes as Array<{ id: string }>) victim.add(delivery.id, 'test webhook delivery', 'test');
  for (const [key, mode] of [
    [test, 'test'],
    [live, 'live'],
  ] as const) {
    await firstEventId(key);
    const events = (await okAs(key, '{ events(first: 100) { nodes { id type } } }')).events.nodes as Array<{ id: string; type: string }>;
    // A few are enough: every event id is looked up the same way.
    for (const event of events.filter((candidate) => !candidate.type.startsWith('session.')).slice(0, 3)) victim.add(event.id, `${mode} event ${event.type}`, mode);
  }
}

// Events become readable once their transaction has settled: wait for the first.
async function firstEventId(apiKey: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [event] = (await queryOk(platform.url, apiKey, '{ events(first: 1) { nodes { id } } }')).events.nodes as Array<{ id: string }>;
    if (event) return event.id;
    assert.ok(Date.now() < deadline, 'no event became readable');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function buildAttacker(): Promise<void> {
  b = await signupVia(platform.url, { name: `Attacker Owner ${tag}`, companyName: `Attacker Co ${tag}` });
  const account = async (name: string) =>
    (await queryOk(platform.url, b.testApiKey, 'mutation($name: String!) { createAccount(input: { type: BUSINESS, name: $name }) { account { id } } }', { name }))
      .createAccount.account.id as string;
  own.account = await account(`Attacker One ${tag}`);
  own.account2 = await account(`Attacker Two ${tag}`);
  await depositVia(platform.url, b.testApiKey, own.account, '500.00');
  own.agent = (
    await queryOk(platform.url, b.testApiKey, 'mutation($id: ID!) { createAgent(input: { accountId: $id, name: "Attacker agent" }) { agent { id } } }', { id: own.account })
  ).createAgent.agent.id;
  own.agentToken = (
    await queryOk(platform.url, b.testApiKey, 'mutation($id: ID!) { createAgentToken(input: { agentId: $id }) { token } }', { id: own.agent })
  ).createAgentToken.token;
  own.quote = (
    await queryOk(platform.url, b.testApiKey, 'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "MXN", amount: "100.00" }) { quote { id } } }')
  ).createQuote.quote.id;
  own.user = b.userId;
  own.event = await firstEventId(b.testApiKey);
  own.session = b.sessionId;
}

/** The attacker's own id for a slot, when a call mixes one of A's ids with B's. */
function attackerId(slot: string): string {
  if (/account/i.test(slot) && /^to/i.test(slot)) return own.account2;
  if (/account/i.test(slot)) return own.account;
  if (slot === 'after') return own.event;
  if (/agent/i.test(slot)) return own.agent;
  if (/user/i.test(slot)) return own.user;
  if (/session/i.test(slot)) return own.session;
  if (/quote/i.test(slot)) return own.quote;
  return own.account;
}

// A's state as rows: every table with a tenant_id (but the append-only records), A's users and tenant.
async function fingerprint(tenantId: string, userIds: readonly string[]): Promise<Record<string, string[]>> {
  const pool = testSystemPool();
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT DISTINCT table_schema || '.' || table_name AS name FROM information_schema.columns
      WHERE column_name = 'tenant_id' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = columns.table_schema)
      ORDER BY 1`,
  );
  const found: Record<string, string[]> = {};
  const strip = VOLATILE_COLUMNS.map((column) => ` - '${column}'`).join('');
  for (const { name } of tables) {
    if (FINGERPRINT_EXCLUDED.has(name)) continue;
    const { rows } = await pool.query<{ row: string }>(`SELECT (to_jsonb(t)${strip})::text AS row FROM ${name} t WHERE tenant_id = $1`, [tenantId]);
    found[name] = rows.map((row) => row.row).sort();
  }
  found['accounts.users'] = (await pool.query<{ row: string }>(`SELECT (to_jsonb(u)${strip})::text AS row FROM accounts.users u WHERE id = ANY($1::uuid[])`, [userIds])).rows
    .map((row) => row.row)
    .sort();
  found['accounts.tenants'] = (await pool.query<{ row: string }>('SELECT to_jsonb(t)::text AS row FROM accounts.tenants t WHERE id = $1', [tenantId])).rows.map((row) => row.row);
  return found;
}

// The rows of B (every table with a tenant_id) that mention one of A's ids.
async function attackerRowsMentioning(ids: readonly string[]): Promise<string[]> {
  const pool = testSystemPool();
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT DISTINCT c.table_schema || '.' || c.table_name AS name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.column_name = 'tenant_id' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${name} t WHERE tenant_id = $1`, [b.tenantId]);
    for (const { row } of rows) {
      const hits = ids.filter((id) => row.includes(id));
      if (hits.length) found.push(`${name}: ${hits.join(', ')} in ${row.slice(0, 400)}`);
    }
  }
  return found;
}

// A's own background work (webhook deliveries, exports being built) settles before a
// fingerprint, so only the probe can change A's rows.
async function webhooksSettled(tenantId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await testSystemPool().query<{ pending: string }>(
      `SELECT (SELECT count(*) FROM accounts.webhook_deliveries WHERE tenant_id = $1 AND status = 'pending')
            + (SELECT count(*) FROM payments.exports WHERE tenant_id = $1 AND status = 'processing') AS pending`,
      [tenantId],
    );
    if (Number(rows[0].pending) === 0) return;
    assert.ok(Date.now() < deadline, `A's webhook deliveries did not settle: ${rows[0].pending} pending`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A's marks in an answer: anything in `data`; in errors, which may echo the ids sent, names and emails only. */
function leaksIn(call: ProbeCall, answer: { data?: unknown; errors?: readonly unknown[] }, forbidden: (mark: Marked) => boolean = () => true): string[] {
  const sent = new Set(call.ids.map((slot) => slot.slice(slot.indexOf('=') + 1)));
  return [
    ...victim.foundIn(JSON.stringify(withoutEchoedCursors(answer.data ?? null, sent)), forbidden),
    ...victim.foundIn(JSON.stringify(answer.errors ?? []), (mark) => forbidden(mark) && !isId(mark.value)),
  ];
}

interface ProbeReport {
  calls: number;
  malformed: string[];
  leaks: string[];
  loudErrors: string[];
  /** Fields with an ID slot for which at least one call got past input validation to the lookup. */
  reached: Set<string>;
}

/** Runs calls with one credential; a call leaks when its `data` (or an error message) carries a forbidden mark. */
async function probe(credential: string, ip: string, calls: readonly ProbeCall[], forbidden: (mark: Marked) => boolean): Promise<ProbeReport> {
  const report: ProbeReport = { calls: calls.length, malformed: [], leaks: [], loudErrors: [], reached: new Set() };
  await inBatches(calls, PROBE_CONCURRENCY, async (call) => {
    const response: GraphQLResponse = await postGraphQLFrom(platform.url, ip, credential, call.query, call.variables);
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    if (codes.includes('GRAPHQL_VALIDATION_FAILED') || codes.includes('GRAPHQL_PARSE_FAILED') || (response.status === 400 && !response.data)) {
      report.malformed.push(`${call.field}: ${JSON.stringify(response.errors).slice(0, 300)}`);
    }
    const leaked = leaksIn(call, response, forbidden);
    if (leaked.length) report.leaks.push(`${call.operation} ${call.field} [${call.ids.join(' ')}] → ${leaked.join('; ')}`);
    const loud = (response.errors ?? []).filter((error) => LEAK_IN_ERROR.test(JSON.stringify(error)));
    if (loud.length) report.loudErrors.push(`${call.field}: ${JSON.stringify(loud).slice(0, 400)}`);
    // A call reached the lookup when it was answered or refused only as not found (not as bad input).
    if (call.ids.length > 0 && codes.every((code) => code === 'NOT_FOUND')) report.reached.add(call.field);
  });
  return report;
}

function rootFields(kind: 'query' | 'mutation' | 'subscription'): FieldDef[] {
  const root = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' }[kind];
  return schema.fields(root).filter((field) => !SKIPPED_FIELDS.has(field.name));
}

/** The fields whose calls all stopped at input validation: the probe proved nothing about them. */
function unreached(report: ProbeReport, calls: readonly ProbeCall[]): string[] {
  return [...new Set(calls.filter((call) => call.ids.length > 0).map((call) => call.field))].filter((field) => !report.reached.has(field));
}

function assertClean(report: ProbeReport, label: string): void {
  assert.deepEqual(report.leaks, [], `${label}: answers carried A's data`);
  assert.deepEqual(report.loudErrors, [], `${label}: errors carried SQL or stack traces`);
  assert.ok(report.malformed.length <= 3, `${label}: ${report.malformed.length} of ${report.calls} calls were malformed: ${report.malformed.slice(0, 5).join('\n')}`);
}

before(async () => {
  receiver = await startWebhookReceiver();
  platform = await startTestPlatform();
  await buildVictim();
  await buildAttacker();
  // Queries and mutations as the gateway answers introspection; subscriptions as it serves them over graphql-ws.
  const introspection = await queryOk(platform.url, b.testApiKey, INTROSPECTION);
  const served = withSubscriptions(buildClientSchema(introspection as unknown as IntrospectionQuery));
  costSchema = served;
  schema = new SchemaModel(introspectionFromSchema(served).__schema.types as unknown as FullType[]);
});

after(async () => {
  await platform?.stop();
  await receiver?.close();
  await closeTestPools();
});

describe('tenant isolation: another tenant\'s ids find nothing', () => {
  test('sanity: the probe\'s own calls, made with A\'s key, do find A\'s data', async () => {
    const byName = new Map(schema.fields('Query').map((field) => [field.name, field]));
    const expectations: Array<[string, string]> = [
      ['account', victim.ids((mark) => mark.what === 'test account')[0]],
      ['transfer', victim.ids((mark) => mark.what === 'test transfer')[0]],
      ['agent', victim.ids((mark) => mark.what === 'test agent')[0]],
      ['quote', victim.ids((mark) => mark.what === 'test quote')[0]],
      ['webhookEndpoint', victim.ids((mark) => mark.what === 'test webhook endpoint')[0]],
      ['event', victim.ids((mark) => mark.what.startsWith('test event'))[0]],
    ];
    for (const [fieldName, id] of expectations) {
      const call = buildCall(schema, 'query', byName.get(fieldName)!, () => id, receiver.url());
      const report = await probe(a.testApiKey, aIp, [call], () => true);
      assert.equal(report.malformed.length, 0, `${fieldName}: ${report.malformed.join()}`);
      assert.equal(report.leaks.length, 1, `${fieldName} with A's own key should find A's ${id}`);
    }
    const lists = rootFields('query').filter((field) => !field.args.some(required)).map((field) => buildCall(schema, 'query', field, () => own.account, receiver.url()));
    const listed = await probe(a.accessToken, aIp, lists, () => true);
    assert.ok(listed.leaks.length >= 8, `A's own lists should show A's data: ${listed.leaks.length} did`);
  });

  test('every query and mutation, with A\'s ids in every ID argument and input field, answers nothing of A\'s and changes nothing of A\'s', async () => {
    const suspects = victim.ids();
    const userIds = victim.marks.filter((mark) => mark.what.endsWith('user')).map((mark) => mark.value);
    await webhooksSettled(a.tenantId);
    const before = await fingerprint(a.tenantId, userIds);
    const tablesWithRows = Object.entries(before).filter(([, rows]) => rows.length > 0).map(([name]) => name);
    assert.ok(tablesWithRows.length >= 12, `A's fingerprint covers only ${tablesWithRows.join(', ')}`);

    const fields = [...rootFields('query').map((field) => ['query', field] as const), ...rootFields('mutation').map((field) => ['mutation', field] as const)];
    const calls = fields.flatMap(([operation, field]) => callsFor(schema, operation, field, suspects, attackerId, receiver.url(`/attacker-${tag}`)));
    const started = Date.now();
    const liveIds = new Set(victim.ids((mark) => mark.mode === 'live'));
    const attackers: Array<[string, string, readonly ProbeCall[]]> = [
      // As a signed-in owner (sessions are the user's) with everything; then the lists as an
      // owner's test key, the reads as an agent of B, and every call with A's live ids as B's live key.
      ['B\'s session', b.accessToken, calls],
      ['B\'s test key', b.testApiKey, calls.filter((call) => call.operation === 'query' && call.ids.length === 0)],
      ['B\'s live key', b.liveApiKey, calls.filter((call) => call.ids.some((slot) => liveIds.has(slot.slice(slot.indexOf('=') + 1))))],
      ['B\'s agent token', own.agentToken, calls.filter((call) => call.operation === 'query' && call.ids.length > 0)],
    ];
    let total = 0;
    for (const [label, credential, selected] of attackers) {
      const report = await probe(credential, bIp, selected, () => true);
      total += report.calls;
      assertClean(report, `as ${label}`);
      if (label === 'B\'s session') assert.deepEqual(unreached(report, selected), [], 'fields whose every call was refused as bad input');
    }
    process.stdout.write(`# probe: ${fields.length} fields, ${total} calls in ${Date.now() - started} ms, ${suspects.length} ids of A\n`);

    await webhooksSettled(a.tenantId);
    const afterProbe = await fingerprint(a.tenantId, userIds);
    assert.deepEqual(afterProbe, before, 'A\'s rows changed during B\'s probe');
    assert.deepEqual(await attackerRowsMentioning(suspects), [], 'B\'s rows now point at A\'s objects');
  });

  test('signing in never lands in another tenant: B\'s owner asking for A\'s tenant is refused like a wrong password', async () => {
    const response = await postGraphQLFrom(platform.url, randomClientIp(), undefined, 'mutation($input: LoginInput!) { login(input: $input) { tenantId userId accessToken } }', {
      input: { email: b.email, password: b.password, tenantId: a.tenantId },
    });
    assert.equal(response.data ?? null, null);
    assert.deepEqual(
      response.errors?.map((error) => [error.extensions?.code, error.message]),
      [['UNAUTHENTICATED', 'Invalid email or password']],
    );
  });

  test('subscriptions to A\'s ids end in an error, and B\'s streams carry nothing of A\'s while A changes', async () => {
    const owner = subscriptionClient(platform.wsUrl, a.testApiKey);
    const opened: Array<{ call: ProbeCall; sub: Subscription<Record<string, unknown>> }> = [];
    // A socket holds at most SUBSCRIPTIONS_PER_SOCKET_MAX subscriptions: B opens as many as it needs.
    const attackers: Array<ReturnType<typeof subscriptionClient>> = [];
    const attacker = () => {
      if (opened.length % SUBSCRIPTIONS_PER_SOCKET_MAX === 0) attackers.push(subscriptionClient(platform.wsUrl, b.testApiKey));
      return attackers[attackers.length - 1];
    };
    try {
      const suspects = victim.ids();
      const eventIds = victim.ids((mark) => mark.what.includes(' event '));
      for (const field of schema.fields('Subscription')) {
        const idArgs = field.args.filter((arg) => required(arg) && schema.containsId(arg.type));
        const omitAfter = (argument: string) => argument === 'after';
        if (idArgs.length > 0) {
          for (const suspect of suspects) {
            const call = buildCall(schema, 'subscription', field, () => suspect, receiver.url(), 2, omitAfter);
            opened.push({ call, sub: subscribe(attacker(), call.query, call.variables) });
          }
          // The attacker's own entity, resumed after one of A's event ids: only B's events may replay.
          const resumed = buildCall(schema, 'subscription', field, (slot) => (slot === 'after' ? eventIds[0] : own.account), receiver.url(), 2);
          opened.push({ call: resumed, sub: subscribe(attacker(), resumed.query, resumed.variables) });
        } else {
          const plain = buildCall(schema, 'subscription', field, () => own.event, receiver.url(), 2, omitAfter);
          opened.push({ call: plain, sub: subscribe(attacker(), plain.query, plain.variables) });
          for (const after of eventIds.slice(0, 3)) {
            const call = buildCall(schema, 'subscription', field, () => after, receiver.url(), 2);
            opened.push({ call, sub: subscribe(attacker(), call.query, call.variables) });
          }
        }
      }
      const refused = opened.filter(({ call }) => call.ids.some((id) => !id.startsWith('after=')) && !call.ids.some((id) => id.includes(own.account)));
      for (const { call, sub } of refused) {
        const first = await sub.next(15_000);
        assert.ok(first.errors?.length, `${call.field} [${call.ids.join(' ')}] was accepted: ${JSON.stringify(first).slice(0, 300)}`);
        assert.deepEqual(leaksIn(call, first), [], `${call.field} [${call.ids.join(' ')}]`);
        const codes = first.errors.map((error) => (error as { extensions?: { code?: string } }).extensions?.code);
        assert.ok(codes.every((code) => code === 'NOT_FOUND' || code === 'BAD_USER_INPUT'), `${call.field}: ${JSON.stringify(first.errors)}`);
      }

      // A changes while B listens; A's own stream proves the change happened.
      const watcher = subscribe(owner, 'subscription { paymentEvents(types: ["balance.*"]) { id type entityId } }');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const payer = victim.ids((mark) => mark.what === 'test account')[0];
      await depositVia(platform.url, a.testApiKey, payer, '7.00');
      const seen = await watcher.until((message) => (message.data as { paymentEvents?: { entityId: string } } | undefined)?.paymentEvents?.entityId === payer, 15_000);
      assert.ok(seen.data, 'A\'s own stream saw A\'s deposit');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      watcher.close();

      let messages = 0;
      for (const { call, sub } of opened) {
        for (let read = 0; read < 500 && !(await sub.quiet(read === 0 ? 100 : 20)); read += 1) {
          const message = await sub.next(1_000);
          messages += 1;
          assert.deepEqual(leaksIn(call, message), [], `${call.field} [${call.ids.join(' ')}] delivered A's data`);
        }
      }
      process.stdout.write(`# subscriptions: ${opened.length} opened by B, ${refused.length} refused, ${messages} later messages checked\n`);

      // Webhooks too: A's endpoint gets A's deposit; the endpoint B made during the probe gets nothing of A's.
      await receiver.waitFor((received) => received.some((delivery) => delivery.path === `/victim-${tag}` && delivery.body.includes(payer) && delivery.payload.type === 'balance.changed'));
      const toAttacker = receiver.received.filter((delivery) => delivery.path === `/attacker-${tag}`);
      assert.deepEqual(toAttacker.flatMap((delivery) => victim.foundIn(delivery.body)), [], 'B\'s webhook endpoint received A\'s data');
    } finally {
      for (const { sub } of opened) sub.close();
      for (const socket of attackers) await socket.dispose();
      await owner.dispose();
    }
  });

  test('_entities on every subgraph resolves none of A\'s entities for B, nor A\'s test entities in live mode', async () => {
    const secret = loadConfig({}).contextSecret;
    const context = (tenantId: string, livemode: boolean): RequestContext => ({
      tenantId,
      livemode,
      actor: { type: 'user', id: tenantId === b.tenantId ? b.userId : a.userId, name: 'probe' },
      role: 'owner',
      requestId: randomUUID(),
    });
    const opened: Array<{ dataSource: DataSource; subgraph: Subgraph }> = [];
    let checked = 0;
    try {
      for (const module of SUBGRAPHS) {
        const dataSource = module.createDataSource(databaseUrls(testDatabaseUrl()).app, 1);
        await dataSource.initialize();
        const subgraph = createSubgraph(await module.define(dataSource), secret);
        opened.push({ dataSource, subgraph });
        const subgraphSchema = await module.buildSchema();
        const local = subgraphSchema.getType('_Entity') as { getTypes(): Array<{ name: string; getFields(): Record<string, unknown> }> } | undefined;
        if (!local) continue;
        const run = async (request: RequestContext, query: string, variables: Record<string, unknown>) => {
          const signed = encodeContext(request, secret);
          const result = await subgraph.execute(signed[CONTEXT_HEADER], signed[SIGNATURE_HEADER], { query, variables });
          assert.ok(result, `${module.name} refused a signed request`);
          return result;
        };
        const introspected = introspectionFromSchema(subgraphSchema);
        const model = new SchemaModel(introspected.__schema.types as unknown as FullType[]);
        for (const entity of local.getTypes()) {
          if (!('id' in entity.getFields())) continue;
          const selection = selectionOf(model, entity.name, 2);
          const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${entity.name} ${selection} } }`;
          const representations = victim.ids().map((id) => ({ __typename: entity.name, id }));
          for (const [request, label, forbidden] of [
            [context(b.tenantId, false), 'B in test mode', () => true],
            [context(b.tenantId, true), 'B in live mode', () => true],
            [context(a.tenantId, true), 'A in live mode', (mark: Marked) => mark.mode === 'test'],
            [context(a.tenantId, false), 'A in test mode', (mark: Marked) => mark.mode === 'live'],
          ] as const) {
            const result = await run(request, query, { r: representations });
            const entities = (result.data?._entities ?? []) as Array<Record<string, unknown> | null>;
            entities.forEach((found, index) => {
              checked += 1;
              if (!found) return;
              // An entity another subgraph owns echoes its key; nothing else of A may come with it.
              const { id: _key, __typename: _type, ...rest } = found;
              const leaked = victim.foundIn(JSON.stringify(rest), forbidden);
              assert.deepEqual(leaked, [], `${module.name} _entities ${entity.name} ${representations[index].id} as ${label}`);
            });
            for (const error of result.errors ?? []) {
              assert.ok(!LEAK_IN_ERROR.test(JSON.stringify(error)), `${module.name} ${entity.name}: ${JSON.stringify(error)}`);
            }
          }
          // The same call signed for A finds A's own entities where this subgraph owns them.
          const mine = await run(context(a.tenantId, false), query, { r: representations });
          const owned = ((mine.data?._entities ?? []) as Array<Record<string, unknown> | null>).filter((found) => found && Object.keys(found).length > 2);
          if (['accounts:Account', 'agents:Agent', 'agents:Account', 'payments:Transfer', 'payments:Account', 'streams:Account'].includes(`${module.name}:${entity.name}`)) {
            assert.ok(owned.length > 0 && victim.foundIn(JSON.stringify(owned)).length > 0, `${module.name} ${entity.name}: A should find its own`);
          }
        }
      }
    } finally {
      for (const { dataSource, subgraph } of opened) {
        await subgraph.close();
        await dataSource.destroy();
      }
    }
    process.stdout.write(`# _entities: ${checked} representations checked\n`);
    assert.ok(checked > 100);
  });

  async function modeProbe(fields: readonly FieldDef[]) {
    const reports: Array<{ label: string; report: ProbeReport; ownMode: ProbeReport; calls: number; suspects: number }> = [];
    for (const [key, other, label] of [
      [a.liveApiKey, 'test', 'live key'],
      [a.testApiKey, 'live', 'test key'],
    ] as const) {
      const suspects = victim.ids((mark) => mark.mode === other);
      assert.ok(suspects.length >= 4, `A has ${other}-mode objects to look for`);
      const calls = fields.flatMap((field) => callsFor(schema, 'query', field, suspects, () => suspects[0], receiver.url()));
      const report = await probe(key, aIp, calls, (mark) => mark.mode === other);
      // And the key does see its own mode: the probe is not blind.
      const ownMode = await probe(key, aIp, calls.filter((call) => call.ids.length === 0), (mark) => mark.mode === (other === 'test' ? 'live' : 'test'));
      reports.push({ label, report, ownMode, calls: calls.length, suspects: suspects.length });
    }
    return reports;
  }

  test('test and live mode: every query with A\'s live key finds none of A\'s test data, and the test key none of the live data', async () => {
    const reports = await modeProbe(rootFields('query'));
    for (const { label, report, ownMode, calls, suspects } of reports) {
      process.stdout.write(`# ${label}: ${calls} calls looking for ${suspects} ids of the other mode\n`);
      assertClean(report, `A's ${label}`);
      assert.ok(ownMode.leaks.length >= 3, `A's ${label} should list its own mode's data: ${ownMode.leaks.join('\n')}`);
    }
  });
});
