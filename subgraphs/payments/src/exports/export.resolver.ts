import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, pageRequest, requirePermission, unwrap } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { effectiveStatus } from './export.lifecycle';
import type { ExportRow } from './export.record';
import type { ExportService } from './export.service';
import { CreateExportInput } from './export.input';
import { CreateExportPayload, Export, ExportConnection, ExportDateFormat, ExportFormat, ExportStatus } from './export.type';

export function exportFromRow(row: ExportRow, exports: ExportService): Export {
  return {
    id: row.id,
    status: effectiveStatus(row.status, row.expires_at) as ExportStatus,
    format: row.format as ExportFormat,
    dateFormat: row.date_format as ExportDateFormat,
    from: row.period_from,
    to: row.period_to,
    progress: row.progress,
    recordCount: row.record_count === null ? null : Number(row.record_count),
    byteSize: row.byte_size === null ? null : Number(row.byte_size),
    checksum: row.checksum,
    downloadUrl: exports.downloadUrl(row),
    expiresAt: row.expires_at,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

@Resolver(() => Export)
export class ExportResolver {
  @Mutation(() => CreateExportPayload, {
    description: 'Starts building a file of transfers (PROCESSING at once); export(id) shows its progress, export.ready says when it can be downloaded.',
  })
  async createExport(@Arg('input') input: CreateExportInput, @Ctx() ctx: PaymentsContext): Promise<CreateExportPayload> {
    requirePermission(ctx.request, 'exports:create');
    const row = unwrap(await ctx.services.exports.create(ctx.request, { ...input, include: input.include ?? null }));
    return { export: exportFromRow(row, ctx.services.exports) };
  }

  @Query(() => Export, { nullable: true })
  async export(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Export> {
    return exportFromRow(unwrap(await ctx.services.exports.get(ctx.request, id)), ctx.services.exports);
  }

  @Query(() => ExportConnection, { description: "The tenant's exports, newest first." })
  async exports(@Args() { first, after }: PageArgs, @Ctx() ctx: PaymentsContext): Promise<ExportConnection> {
    const page = unwrap(pageRequest(first, after));
    const rows = await ctx.services.exports.list(ctx.request, page);
    const toExport = (row: ExportRow) => exportFromRow(row, ctx.services.exports);
    return { ...rows, edges: rows.edges.map((edge) => ({ cursor: edge.cursor, node: toExport(edge.node) })), nodes: rows.nodes.map(toExport) };
  }
}
