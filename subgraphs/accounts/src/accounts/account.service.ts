import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { entityColumns, lockEntities, readForTenant, readNewestFirst, uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import { badInput, checkName, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { AccountEntity, type AccountKind } from './account.entity';
import { checkEmail, likePattern, SEARCH_LENGTH_MAX } from './account.rules';

export interface AccountListFilter {
  readonly type?: AccountKind | null;
  readonly search?: string | null;
}

export interface NewAccount {
  readonly type: AccountKind;
  readonly name: string;
  readonly email?: string | null;
}

export interface AccountChanges {
  readonly id: string;
  readonly name?: string | null;
  readonly email?: string | null;
}

export type AccountService = ReturnType<typeof createAccountService>;

const ACCOUNTS = { table: 'accounts.accounts', entity: AccountEntity };

function snapshot(account: AccountEntity): Record<string, unknown> {
  return {
    id: account.id,
    type: account.type,
    name: account.name,
    email: account.email,
    verificationTier: account.verificationTier,
    verificationStatus: account.verificationStatus,
    version: account.version,
  };
}

export function createAccountService({ dataSource }: { dataSource: DataSource }) {
  async function emit(manager: EntityManager, scope: TenantScope, actor: Actor, type: string, account: AccountEntity) {
    await recordEvent(manager, scope, {
      type,
      entityType: 'Account',
      entityId: account.id,
      entityVersion: account.version,
      payload: snapshot(account),
      actor,
    });
  }

  return {
    async list(request: RequestContext, page: PageRequest, filter: AccountListFilter = {}): Promise<Result<Connection<AccountEntity>>> {
      const search = filter.search?.trim();
      if (search && search.length > SEARCH_LENGTH_MAX) return badInput('filter.search', `must be at most ${SEARCH_LENGTH_MAX} characters`);
      const rows = await readNewestFirst<AccountEntity>(dataSource, tenantScope(request), ACCOUNTS, page, (where) => {
        if (filter.type) where.and((p) => `type = ${p}`, filter.type);
        if (search) where.and((p) => `(name ILIKE ${p} ESCAPE '\\' OR email ILIKE ${p} ESCAPE '\\')`, likePattern(search));
      });
      return ok(toConnection(rows, page));
    },

    /** Batch read for DataLoaders: one statement for any number of ids, unknown ids omitted. */
    async getMany(request: RequestContext, ids: readonly string[]): Promise<AccountEntity[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<AccountEntity>(
        dataSource,
        scope,
        `SELECT ${entityColumns(dataSource, AccountEntity)} FROM accounts.accounts
          WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    async create(request: RequestContext, input: NewAccount): Promise<Result<AccountEntity>> {
      const name = checkName('input.name', input.name);
      if (!name.ok) return name;
      const email = checkEmail('input.email', input.email);
      if (!email.ok) return email;
      const scope = tenantScope(request);
      const now = new Date();
      const account = Object.assign(new AccountEntity(), {
        id: uuidv7(now.getTime()),
        tenantId: scope.tenantId,
        livemode: scope.livemode,
        type: input.type,
        name: name.value,
        email: email.value,
        verificationTier: 0,
        verificationStatus: 'unverified' as const,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await withTenant(dataSource, scope, async (manager) => {
        await manager.getRepository(AccountEntity).insert(account);
        await emit(manager, scope, request.actor, 'account.created', account);
      });
      return ok(account);
    },

    async update(request: RequestContext, changes: AccountChanges): Promise<Result<AccountEntity>> {
      if (!isUuid(changes.id)) return notFound('Account', changes.id);
      const patch: Partial<AccountEntity> = {};
      if (changes.name === null) return badInput('input.name', 'must not be null');
      if (changes.name !== undefined) {
        const name = checkName('input.name', changes.name);
        if (!name.ok) return name;
        patch.name = name.value;
      }
      if (changes.email !== undefined) {
        const email = checkEmail('input.email', changes.email);
        if (!email.ok) return email;
        patch.email = email.value;
      }

      const scope = tenantScope(request);
      const updated = await withTenant(dataSource, scope, async (manager) => {
        await lockEntities(manager, [changes.id]);
        const repository = manager.getRepository(AccountEntity);
        const account = await repository.findOne({
          where: { id: changes.id, tenantId: scope.tenantId, livemode: scope.livemode },
          lock: { mode: 'pessimistic_write' },
        });
        if (!account) return null;
        Object.assign(account, patch, { version: account.version + 1, updatedAt: new Date() });
        await repository.update({ id: account.id }, { ...patch, version: account.version, updatedAt: account.updatedAt });
        await emit(manager, scope, request.actor, 'account.updated', account);
        return account;
      });
      return updated ? ok(updated) : notFound('Account', changes.id);
    },
  };
}
