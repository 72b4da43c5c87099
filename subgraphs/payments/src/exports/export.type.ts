import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';

export enum ExportFormat {
  QUICKBOOKS = 'quickbooks',
  QUICKBOOKS4 = 'quickbooks4',
  XERO = 'xero',
  NETSUITE = 'netsuite',
  FULL_CSV = 'full_csv',
  JSON_LINES = 'json_lines',
}
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description:
    'QUICKBOOKS: Date,Description,Amount. QUICKBOOKS4: Date,Description,Credit,Debit. XERO: *Date,*Amount,Payee,Description,Reference. ' +
    'NETSUITE: Date,Payer/Payee Name,Transaction Number,Transaction Type,Amount,Currency,Memo. FULL_CSV: every column. JSON_LINES: FULL_CSV as one JSON object per line.',
});

export enum ExportDateFormat {
  US = 'us',
  UK = 'uk',
  ISO = 'iso',
}
registerEnumType(ExportDateFormat, { name: 'ExportDateFormat', description: 'US: MM/DD/YYYY. UK: DD/MM/YYYY. ISO: YYYY-MM-DD. Dates are UTC.' });

export enum ExportStatus {
  PROCESSING = 'processing',
  READY = 'ready',
  FAILED = 'failed',
  EXPIRED = 'expired',
}
registerEnumType(ExportStatus, { name: 'ExportStatus', description: 'PROCESSING → READY (export.ready) | FAILED (export.failed); READY → EXPIRED when its download window ends.' });

@ObjectType({ description: 'A file of transfers for an accounting package or an archive, built in the background.' })
export class Export {
  @Field(() => ID)
  id!: string;

  @Field(() => ExportStatus)
  status!: ExportStatus;

  @Field(() => ExportFormat)
  format!: ExportFormat;

  @Field(() => ExportDateFormat)
  dateFormat!: ExportDateFormat;

  @Field({ description: 'Transfers created at or after this instant.' })
  from!: Date;

  @Field({ description: 'Transfers created before this instant.' })
  to!: Date;

  @Field(() => Int, { description: 'How far the build is, 0 to 100.' })
  progress!: number;

  @Field(() => Int, { nullable: true, description: 'Lines of data in the file (header not counted); set when READY.' })
  recordCount!: number | null;

  @Field(() => Int, { nullable: true })
  byteSize!: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the file, hex.' })
  checksum!: string | null;

  @Field(() => String, { nullable: true, description: 'While READY: a signed URL that downloads the file without a session until expiresAt.' })
  downloadUrl!: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  failureReason!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType()
export class ExportConnection extends ConnectionType('Export', Export) {}

@ObjectType()
export class CreateExportPayload {
  @Field(() => Export)
  export!: Export;
}
