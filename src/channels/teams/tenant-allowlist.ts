/**
 * The Teams tenants (Microsoft Entra directories) whose users may use the bot
 * (TEAMS_ALLOWED_TENANTS). Empty: every tenant. Checked on the raw activity before the adapter
 * runs, so an activity from another tenant is refused with 403 and nothing of it is processed or
 * stored.
 */
export interface TenantAllowlist {
  readonly enabled: boolean;
  /** Why the activity is refused, or undefined when it may pass. */
  refusal(activity: unknown): TenantRefusal | undefined;
}

export interface TenantRefusal {
  reason: 'no-tenant' | 'tenant-not-allowed' | 'tenants-disagree';
  /**
   * What is logged besides the reason: the tenant id(s), which name an organisation's directory,
   * not a person. User ids, names and message text of a refused activity are never logged.
   */
  tenantIds?: string[];
}

const MAX_TENANT_ID_LENGTH = 128;

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let node = value;
  for (const key of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' && node.length > 0 && node.length <= MAX_TENANT_ID_LENGTH ? node : undefined;
}

/** The tenant ids an activity names: Teams sets both `conversation.tenantId` and `channelData.tenant.id`. */
export function tenantIdsOf(activity: unknown): string[] {
  const ids = [stringAt(activity, 'conversation', 'tenantId'), stringAt(activity, 'channelData', 'tenant', 'id')];
  return [...new Set(ids.filter((id): id is string => id !== undefined).map((id) => id.toLowerCase()))];
}

/** Tenant ids compare case-insensitively (they are GUIDs). */
export function makeTenantAllowlist(allowed: readonly string[]): TenantAllowlist {
  const set = new Set(allowed.map((id) => id.toLowerCase()));
  if (set.size === 0) return { enabled: false, refusal: () => undefined };
  return {
    enabled: true,
    refusal(activity) {
      const ids = tenantIdsOf(activity);
      const [first] = ids;
      if (first === undefined) return { reason: 'no-tenant' };
      // Two different tenant ids in one activity: trust neither.
      if (ids.length > 1) return { reason: 'tenants-disagree', tenantIds: ids };
      return set.has(first) ? undefined : { reason: 'tenant-not-allowed', tenantIds: [first] };
    },
  };
}
