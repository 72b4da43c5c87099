import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { tenantScope, type RequestContext } from '@orquesta/context';
import { requireAgentPermission, requirePermission, unwrap } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';

/** The agents subgraph owns Approval; a decision returns it by reference. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Approval {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class ApproveActionInput {
  @Field(() => ID, { description: 'The approval.' })
  id!: string;
}

@InputType()
export class RejectActionInput {
  @Field(() => ID, { description: 'The approval.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Shown to the agent in its activity.' })
  reason?: string | null;
}

@ObjectType()
export class ApproveActionPayload {
  @Field(() => Approval)
  approval!: Approval;
}

@ObjectType()
export class RejectActionPayload {
  @Field(() => Approval)
  approval!: Approval;
}

/** An owner or admin decides; an agent only with `transactions.approve`, and never on its own actions. */
function requireApprover(request: RequestContext): void {
  if (request.actor.type === 'agent') requireAgentPermission(request, 'transactions.approve');
  else requirePermission(request, 'approvals:decide');
}

@Resolver()
export class ApprovalDecisionResolver {
  @Mutation(() => ApproveActionPayload, {
    description: "Lets an agent's held transfer or payout go: an internal transfer completes, a payout goes to settlement. Runs once; CONFLICT when already decided or expired.",
  })
  async approveAction(@Arg('input') input: ApproveActionInput, @Ctx() ctx: PaymentsContext): Promise<ApproveActionPayload> {
    requireApprover(ctx.request);
    const approval = unwrap(await ctx.services.approvals.decide(tenantScope(ctx.request), ctx.request.actor, input.id, 'approved', null));
    return { approval: { id: approval.id } };
  }

  @Mutation(() => RejectActionPayload, { description: "Refuses an agent's held action: the hold is voided, its usage released, the transfer cancelled. Runs once." })
  async rejectAction(@Arg('input') input: RejectActionInput, @Ctx() ctx: PaymentsContext): Promise<RejectActionPayload> {
    requireApprover(ctx.request);
    const reason = input.reason?.trim().slice(0, 500) || null;
    const approval = unwrap(await ctx.services.approvals.decide(tenantScope(ctx.request), ctx.request.actor, input.id, 'rejected', reason));
    return { approval: { id: approval.id } };
  }
}
