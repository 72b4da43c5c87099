import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Directive } from 'type-graphql';
import { isUuid } from '@orquesta/context';
import { badInput, ok, type Result } from './domain-error';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

@ObjectType({ description: 'Relay page information.' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the page that follows.' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionObject {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionObject;
}

/** `first` and `after` for any connection field; extend it to add filters. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: PAGE_SIZE_DEFAULT, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

/** A validated page request: at most PAGE_SIZE_MAX, after an id cursor (ids are UUIDv7). */
export interface PageRequest {
  readonly limit: number;
  readonly afterId?: string;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined): Result<PageRequest> {
  const limit = first ?? PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX) {
    return badInput('first', `must be between 1 and ${PAGE_SIZE_MAX}`);
  }
  if (after === null || after === undefined) return ok({ limit });
  const afterId = Buffer.from(after, 'base64url').toString('utf8');
  if (!isUuid(afterId)) return badInput('after', 'is not a cursor from this connection');
  return ok({ limit, afterId });
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** Turns `limit + 1` rows (newest first) into a connection page. */
export function toConnection<T extends { id: string }>(rows: T[], page: PageRequest): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: Object.assign(new PageInfo(), {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.afterId !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    }),
  };
}

