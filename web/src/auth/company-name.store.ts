/**
 * The graph has no field for the tenant's name (`Viewer` carries only ids), so the company
 * name typed at sign-up is remembered in this browser to show in the header. Not a secret;
 * other browsers show "Your workspace" until the graph grows a `tenantName`.
 */
const PREFIX = 'orquesta.companyName.';

export function rememberCompanyName(tenantId: string, name: string): void {
  window.localStorage.setItem(PREFIX + tenantId, name);
}

export function companyNameOf(tenantId: string): string | undefined {
  return window.localStorage.getItem(PREFIX + tenantId) ?? undefined;
}
