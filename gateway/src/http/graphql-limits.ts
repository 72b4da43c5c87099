import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const DEPTH_MAX = 12;
export const ALIASES_MAX = 30;

/** Refuses documents nested deeper than DEPTH_MAX fields (fragments followed, cycles cut). */
export function depthLimit(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  function depthOf(selectionSet: SelectionSetNode | undefined, seen: Set<string>): number {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        const fragment = fragments.get(name);
        deepest = Math.max(deepest, depthOf(fragment?.selectionSet, new Set([...seen, name])));
      }
      if (deepest > DEPTH_MAX) break;
    }
    return deepest;
  }
  return {
    OperationDefinition(node) {
      if (depthOf(node.selectionSet, new Set()) > DEPTH_MAX) {
        context.reportError(new GraphQLError(`Query is nested deeper than ${DEPTH_MAX} levels`, { nodes: [node]}));
      }
    },
  };
}

/** Refuses documents with more than ALIASES_MAX aliases (cheap amplification otherwise). */
export function aliasLimit(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Document: {
      leave(node) {
        if (aliases > ALIASES_MAX) {
          context.reportError(new GraphQLError(`Query uses more than ${ALIASES_MAX} aliases`, { nodes: [node]}));
        }
      },
    },
  };
}

export const GRAPHQL_LIMIT_RULES = [depthLimit, aliasLimit];
