import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema } from 'graphql';
import { SUBGRAPHS, subgraphUrl } from './subgraph-registry';
import { withSubscriptions } from '@orquesta/gateway';

export interface Composition {
  readonly subgraphSdl: ReadonlyMap<string, string>;
  readonly supergraphSdl: string;
  readonly publicSchemaSdl: string;
}

/** Composes the supergraph offline from the subgraphs' printed SDL: no network, no binary. */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphSdl = new Map<string, string>();
  for (const module of SUBGRAPHS) subgraphSdl.set(module.name, printSubgraphSchema(await module.buildSchema()));
  const result = composeServices(
    SUBGRAPHS.map((module) => ({
      name: module.name,
      url: subgraphUrl(module, {}),
      typeDefs: parse(subgraphSdl.get(module.name)!),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
  return { subgraphSdl, supergraphSdl: result.supergraphSdl, publicSchemaSdl: printSchema(withSubscriptions(apiSchema)) };
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export function compositionFiles(composition: Composition): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, sdl] of composition.subgraphSdl) files.set(join(REPO_ROOT, 'subgraphs', name, 'schema.graphql'), `${sdl.trim()}\n`);
  files.set(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), `${composition.supergraphSdl.trim()}\n`);
  files.set(join(REPO_ROOT, 'gateway', 'schema.graphql'), `${composition.publicSchemaSdl.trim()}\n`);
  return files;
}

if (require.main === module) {
  composeSupergraph()
    .then((composition) => {
      for (const [path, text] of compositionFiles(composition)) {
        writeFileSync(path, text);
        process.stdout.write(`wrote ${path.slice(REPO_ROOT.length + 1)}\n`);
      }
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
