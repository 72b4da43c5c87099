import { extendSchema, parse, type GraphQLSchema } from 'graphql';

/**
 * The subscriptions the gateway serves itself over graphql-ws. Each pushes the full federated
 * entity, resolved through the gateway under the subscriber's own authorization.
 */
export const SUBSCRIPTION_SDL = /* GraphQL */ `
  extend schema { subscription: Subscription }

  type Subscription {
    """
    Pushes the full Account each time it changes (fields from every subgraph, such as agents).
    Resumable: pass the last event id you received (in the message's extensions.event.id) as
    after, and every change since is replayed in order, then the stream goes live.
    """
    accountUpdated(id: ID!, after: ID): Account!

    """
    Pushes the Account (ask for its balances) each time one of its balances changes. Resumable
    with after, like accountUpdated.
    """
    balanceChanged(accountId: ID!, after: ID): Account!

    """
    Pushes the Transfer each time its status changes (transfer.created, transfer.completed,
    transfer.failed, …). Resumable with after.
    """
    transferUpdated(id: ID!, after: ID): Transfer!

    """
    Every event of your tenant and mode (optionally only some types: exact names or wildcards
    such as transfer.*), as the full Event. Resumable: pass the last event id you received as
    after, and every event since is replayed in order, then the stream goes live.
    """
    paymentEvents(types: [String!], after: ID): Event!

    """
    Pushes every new AgentActivity of the agent (done, refused or waiting for approval), with
    its reasoning and limit check. Resumable with after, like accountUpdated. An agent token
    follows only itself, and needs transactions.view.
    """
    agentActivity(agentId: ID!, after: ID): AgentActivity!
  }
`;

/** The public schema: the supergraph's API schema plus the gateway's subscriptions. */
export function withSubscriptions(apiSchema: GraphQLSchema): GraphQLSchema {
  return extendSchema(apiSchema, parse(SUBSCRIPTION_SDL));
}
