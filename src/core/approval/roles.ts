import type { Actor } from '../events.js';

/**
 * Roles of reporting-template.md §7.2 as configured in config/roles.json. A user is matched by
 * what the chat platform vouches for (the Actor of the activity), never by card data.
 */
export type UserMatcher = { teams: string; name?: string } | { email: string; name?: string } | { slack: string; name?: string };

export interface RolesConfig {
  _note?: string;
  /** Ministry id (organisations.json) → the users who review that ministry's reports. */
  reviewers: Record<string, UserMatcher[]>;
  coordinators: UserMatcher[];
  admins: UserMatcher[];
}

export interface Roles {
  /** Ministry ids whose reports this user may approve or return. */
  reviewerFor: string[];
  coordinator: boolean;
  admin: boolean;
}

export const NO_ROLES: Roles = { reviewerFor: [], coordinator: false, admin: false };

/** Resolves roles at the moment of each action, from the identity the platform vouches for. */
export interface RoleResolver {
  rolesOf(actor: Actor): Roles;
  /** The configured reviewers of a ministry (for notifications). */
  reviewersOf(ministryId: string): UserMatcher[];
  coordinators(): UserMatcher[];
}

export function matchesActor(matcher: UserMatcher, actor: Actor): boolean {
  if ('teams' in matcher) return actor.platform === 'teams' && actor.userId === matcher.teams;
  if ('slack' in matcher) return actor.platform === 'slack' && actor.userId === matcher.slack;
  return typeof actor.email === 'string' && actor.email.toLowerCase() === matcher.email.toLowerCase();
}

/** Whether any role is granted by e-mail (channels without an e-mail in their activities then look it up). */
export function hasEmailMatcher(config: RolesConfig): boolean {
  return [...Object.values(config.reviewers).flat(), ...config.coordinators, ...config.admins].some((m) => 'email' in m);
}

const anyMatch = (list: UserMatcher[], actor: Actor): boolean => list.some((m) => matchesActor(m, actor));

/**
 * Roles from the configuration. With `allRoles` (DEV_ROLES_ALL, refused in production at start)
 * every user holds every role, for local demos; four-eyes still applies.
 */
export function makeConfigRoleResolver(config: RolesConfig, ministryIds: string[], opts: { allRoles?: boolean } = {}): RoleResolver {
  return {
    rolesOf(actor) {
      if (opts.allRoles) return { reviewerFor: [...ministryIds], coordinator: true, admin: true };
      const reviewerFor = Object.entries(config.reviewers)
        .filter(([, users]) => anyMatch(users, actor))
        .map(([ministry]) => ministry);
      return { reviewerFor, coordinator: anyMatch(config.coordinators, actor), admin: anyMatch(config.admins, actor) };
    },
    reviewersOf: (ministryId) => config.reviewers[ministryId] ?? [],
    coordinators: () => config.coordinators,
  };
}

export function hasAnyRole(roles: Roles): boolean {
  return roles.reviewerFor.length > 0 || roles.coordinator || roles.admin;
}
