import { Field, ID, InputType } from 'type-graphql';
import { ExportDateFormat, ExportFormat } from './export.type';

@InputType({ description: 'Which kinds of movement an export carries (all by default).' })
export class ExportIncludeInput {
  @Field({ defaultValue: true })
  refunds!: boolean;

  @Field({ defaultValue: true, description: 'Stream settlements (none exist yet).' })
  streams!: boolean;

  @Field({ defaultValue: true, description: 'Accounting formats: a line for each fee charged.' })
  fees!: boolean;

  @Field({ defaultValue: true })
  payouts!: boolean;
}

@InputType()
export class CreateExportInput {
  @Field(() => ExportFormat)
  format!: ExportFormat;

  @Field({ description: 'Transfers created at or after this instant.' })
  from!: Date;

  @Field({ description: 'Transfers created before this instant (at most 366 days after from).' })
  to!: Date;

  // No schema default: an enum default in a federated subgraph reaches resolvers as its name, not its value.
  @Field(() => ExportDateFormat, { nullable: true, description: 'US when omitted.' })
  dateFormat?: ExportDateFormat | null;

  @Field(() => ID, { nullable: true, description: 'Only transfers from or to this account; amounts are signed from its side.' })
  accountId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only payouts on this corridor, such as USD-MXN.' })
  corridor?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => ExportIncludeInput, { nullable: true })
  include?: ExportIncludeInput | null;
}
