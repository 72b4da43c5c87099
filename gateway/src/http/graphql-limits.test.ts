import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { Kind, parse, separateOperations, specifiedRules, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { GATEWAY_ROOT, SUPERGRAPH_PATH } from '../gateway-files';
import { withSubscriptions } from '../subscriptions/subscription.sdl';
import { COST_MAX, GRAPHQL_LIMIT_RULES, LIST_SIZE_ESTIMATE, TOKENS_MAX, queryCost, withoutSuggestions } from './graphql-limits';

let gateway: ApolloGateway;
let schema: GraphQLSchema;

before(async () => {
  // The public API schema, straight from the committed supergraph (no subgraph is called).
  gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
  schema = withSubscriptions((await gateway.load()).schema);
});

after(() => gateway.stop());

const cost = (query: string, variables?: Record<string, unknown>) => queryCost(schema, parse(query), undefined, variables);

describe('queryCost', () => {
  test('counts each field once, and multiplies what a connection returns by its page size', () => {
    assert.equal(cost('{ currencies { code scale } }'), 1 + LIST_SIZE_ESTIMATE * 2);
    assert.equal(cost('{ accounts(first: 5) { nodes { id name } pageInfo { hasNextPage } } }'), 1 + 5 * (1 + 2 + 1 + 1));
    // No `first`: the connection's default page (20); `edges`/`nodes` are not multiplied again.
    assert.equal(cost('{ accounts { edges { cursor node { id } } } }'), 1 + 20 * (1 + 1 + 1 + 1));
  });

  test('multiplies nested lists, follows fragments and reads `first` from variables', () => {
    const query = `query($first: Int!) { accounts(first: $first) { nodes { ...Row } } } fragment Row on Account { id agents { id account { agents { id name } } } }`;
    // per node: id 1 + agents (1 + 10 × (id 1 + account (1 + agents (1 + 10 × 2))))
    const perNode = 1 + (1 + 10 * (1 + (1 + (1 + 10 * 2))));
    assert.equal(cost(query, { first: 3 }), 1 + 3 * (1 + perNode));
    assert.equal(cost(query, { first: 1_000_000 }), 1 + 100 * (1 + perNode), 'no page is larger than PAGE_SIZE_MAX');
  });

  test('counts introspection as one field: the gateway answers it from its own schema', () => {
    assert.equal(cost('{ __schema { types { name fields { name type { name } } } } }'), 1);
  });
});

describe('withoutSuggestions', () => {
  test('drops graphql-js "Did you mean" endings and nothing else', () => {
    assert.equal(withoutSuggestions('Cannot query field "accountz" on type "Query". Did you mean "account" or "accounts"?'), 'Cannot query field "accountz" on type "Query".');
    assert.equal(withoutSuggestions('Value "PERSONN" does not exist in "AccountType" enum. Did you mean the enum value "PERSON"?'), 'Value "PERSONN" does not exist in "AccountType" enum.');
    assert.equal(withoutSuggestions('Unknown argument "frist" on field "Query.accounts".'), 'Unknown argument "frist" on field "Query.accounts".');
  });
});

// The page sizes the dashboard sends (web/src/accounts/accounts.page.tsx, transfers/*.tsx).
const DASHBOARD_VARIABLES: Record<string, Record<string, unknown>> = {
  AccountsPage: { first: 25 },
  RecentTransfers: { first: 20 },
  TransferAccounts: { first: 100 },
  TransfersList: { first: 25 },
  PayoutsList: { first: 25 },
  EventsBrowser: { first: 25 },
  AuditLog: { first: 25 },
};

// Apollo Client adds __typename to every selection set before sending, and the gateway counts it.
function withTypename(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet(node, _key, parent) {
      if (parent && (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
    },
  });
}

function dashboardDocuments(): string[] {
  const source = readFileSync(join(GATEWAY_ROOT, '..', 'web', 'src', 'gql', 'gql.ts'), 'utf8');
  const block = source.slice(source.indexOf('const documents'));
  return [...block.matchAll(/^\s+("(?:[^"\\]|\\.)*"): types\./gm)].map((match) => JSON.parse(match[1]) as string);
}

describe("the dashboard's documents", () => {
  test('every operation passes every limit with the variables the dashboard sends', () => {
    const documents = dashboardDocuments();
    const fragments = documents.filter((text) => /^\s*fragment /.test(text)).join('\n');
    const operations = documents.filter((text) => !/^\s*fragment /.test(text));
    assert.ok(operations.length >= 5, `found ${operations.length} operations`);
    // Operations use fragments from other files: one document, then one per operation with
    // only the fragments it needs.
    const all = parse(`${operations.join('\n')}\n${fragments}`, { maxTokens: TOKENS_MAX });
    const separated = separateOperations(all);
    for (const name of Object.keys(DASHBOARD_VARIABLES)) assert.ok(name in separated, `the dashboard has no ${name} any more`);
    for (const [name, document] of Object.entries(separated)) {
      const trimmed = withTypename(document);
      assert.deepEqual(validate(schema, trimmed, [...specifiedRules, ...GRAPHQL_LIMIT_RULES]).map((e) => e.message), [], name);
      const documentCost = queryCost(schema, trimmed, undefined, DASHBOARD_VARIABLES[name] ?? {});
      assert.ok(documentCost <= COST_MAX, `${name} costs ${documentCost}, above ${COST_MAX}`);
    }
  });
});
