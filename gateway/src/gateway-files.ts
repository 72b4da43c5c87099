import { join } from 'node:path';

/** The gateway package's folder (compiled code runs from dist/gateway/src). */
export const GATEWAY_ROOT = join(__dirname, '..', '..', '..', 'gateway');
/** The composed supergraph the gateway plans over (`npm run compose` writes it). */
export const SUPERGRAPH_PATH = join(GATEWAY_ROOT, 'supergraph.graphql');
/** The public contract: the API schema plus `Subscription` (codegen reads it). */
export const PUBLIC_SCHEMA_PATH = join(GATEWAY_ROOT, 'schema.graphql');
