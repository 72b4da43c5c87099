import { useMutation } from '@apollo/client';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

export const AgentPermissionsFields = graphql(`
  fragment AgentPermissionsFields on Agent {
    id
    permissions {
      transactions {
        initiate
        approve
        view
      }
      streams {
        initiate
        modify
        pause
        terminate
        view
      }
      accounts {
        view
        create
      }
      treasury {
        view
        rebalance
      }
    }
  }
`);

const UpdatePermissions = graphql(`
  mutation UpdateAgentPermissions($input: UpdateAgentPermissionsInput!) {
    updateAgentPermissions(input: $input) {
      agent {
        id
        ...AgentPermissionsFields
      }
    }
  }
`);

type Group = 'transactions' | 'streams' | 'accounts' | 'treasury';

/** One checkbox per permission; each change is saved at once and applies to the agent's next request. */
export function AgentPermissionsEditor({ agent: ref, canManage }: { readonly agent: FragmentType<typeof AgentPermissionsFields>; readonly canManage: boolean }) {
  const agent = getFragmentData(AgentPermissionsFields, ref);
  const [update, updating] = useMutation(UpdatePermissions);
  const groups = Object.entries(agent.permissions).filter(([group]) => group !== '__typename') as Array<[Group, Record<string, boolean | string>]>;
  return (
    <section className="card" aria-label="Permissions" data-testid="agent-permissions">
      <h2 className="card__title">Permissions</h2>
      {groups.map(([group, actions]) => (
        <fieldset key={group} className="permissions__group">
          <legend>{group}</legend>
          {Object.entries(actions)
            .filter(([action]) => action !== '__typename')
            .map(([action, allowed]) => (
              <label key={action} className="permissions__item">
                <input
                  type="checkbox"
                  checked={allowed === true}
                  disabled={!canManage || updating.loading}
                  data-testid={`permission-${group}-${action}`}
                  onChange={(event) => void update({ variables: { input: { agentId: agent.id, [group]: { [action]: event.target.checked } } } }).catch(() => undefined)}
                />{' '}
                {action}
              </label>
            ))}
        </fieldset>
      ))}
      {updating.error && (
        <div className="alert alert--error alert--inset" role="alert">
          {describeError(updating.error)}
        </div>
      )}
    </section>
  );
}
