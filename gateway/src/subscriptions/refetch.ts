import {
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';

export interface RefetchOperation {
  readonly query: string;
  /** Variables of the subscriber's operation that the selection uses, by name. */
  readonly variableNames: readonly string[];
}

const ENTITY_ID_VARIABLE = '__entityId';

function variablesIn(node: SelectionSetNode | FragmentDefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(node, {
    Variable(variable) {
      names.add(variable.name.value);
    },
  });
  return names;
}

function fragmentsUsed(selectionSet: SelectionSetNode, all: Record<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: Array<SelectionSetNode> = [selectionSet];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = all[name];
        if (fragment && !used.has(name)) {
          used.set(name, fragment);
          pending.push(fragment.selectionSet);
        }
      },
    });
  }
  return [...used.values()];
}

// Every selection set asks for __typename too, so abstract types resolve from the refetched data.
function withTypenames<T extends SelectionSetNode | FragmentDefinitionNode>(node: T): T {
  return visit(node, {
    SelectionSet(set) {
      const has = set.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === '__typename' && !selection.alias);
      if (has) return undefined;
      const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
      return { ...set, selections: [...set.selections, typename] };
    },
  }) as T;
}

/**
 * Wraps the subscriber's own selection on `Subscription.<field>` in a query on
 * `Query.<queryField>(id:)`, with the fragments and variables it uses. Computed once per
 * subscription operation.
 */
export function buildRefetchOperation(info: GraphQLResolveInfo, queryField: string, idType = 'ID!'): RefetchOperation {
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const selectionSet: SelectionSetNode = withTypenames({ kind: Kind.SELECTION_SET, selections });
  const fragments = fragmentsUsed(selectionSet, info.fragments).map(withTypenames);
  const used = new Set([...variablesIn(selectionSet), ...fragments.flatMap((fragment) => [...variablesIn(fragment)])]);
  const operation = info.operation as OperationDefinitionNode;
  const variableDefinitions: VariableDefinitionNode[] = [
    {
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: idType.replace('!', '') } } },
    },
    ...(operation.variableDefinitions ?? []).filter((definition) => used.has(definition.variable.name.value)),
  ];
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: 'SubscriptionRefetch' },
        variableDefinitions,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: 'entity' },
              name: { kind: Kind.NAME, value: queryField },
              arguments: [
                {
                  kind: Kind.ARGUMENT,
                  name: { kind: Kind.NAME, value: 'id' },
                  value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
                },
              ],
              selectionSet,
            },
          ],
        },
      },
      ...fragments,
    ],
  };
  return { query: print(document), variableNames: [...used] };
}

export function refetchVariables(operation: RefetchOperation, info: GraphQLResolveInfo, entityId: string): Record<string, unknown> {
  const variables: Record<string, unknown> = { [ENTITY_ID_VARIABLE]: entityId };
  for (const name of operation.variableNames) variables[name] = info.variableValues[name];
  return variables;
}

/**
 * Shares identical refetches: the same event, selection, variables and authorization
 * scope are fetched once however many subscribers ask, for a few seconds.
 */
export class RefetchCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly ttlMs = 5_000) {}

  get size(): number {
    return this.inFlight.size;
  }

  share<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = fetch();
    this.inFlight.set(key, promise);
    const forget = () => setTimeout(() => this.inFlight.delete(key), this.ttlMs).unref();
    promise.then(forget, () => this.inFlight.delete(key));
    return promise;
  }
}
