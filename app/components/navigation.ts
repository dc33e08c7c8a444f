import { ROLES, type Role } from "#content-schemas/roles";
import type { Messages } from "~/i18n/locales/vi";

export interface NavigationItem {
  to: string;
  label: `nav.${keyof Messages["nav"]}`;
  /** Who sees the item; absent means everyone, signed in or not. */
  roles?: readonly Role[];
}

export const NAVIGATION: readonly NavigationItem[] = [
  { to: "/", label: "nav.home" },
  { to: "/materials", label: "nav.materials", roles: ["teacher", "group_leader"] },
  { to: "/questions", label: "nav.questions", roles: ["teacher", "group_leader"] },
  { to: "/repository", label: "nav.repository", roles: ["teacher", "group_leader", "reviewer", "org_admin", "system_admin"] },
  { to: "/assessments", label: "nav.assessments", roles: ["teacher", "group_leader"] },
  { to: "/learn", label: "nav.learn", roles: ["student"] },
  { to: "/tests", label: "nav.tests", roles: ["student"] },
  { to: "/review", label: "nav.review", roles: ["teacher", "group_leader", "reviewer"] },
  { to: "/statistics", label: "nav.statistics", roles: ["group_leader", "teacher", "reviewer", "org_admin", "system_admin"] },
  { to: "/admin/organisations", label: "nav.organisations", roles: ["system_admin", "org_admin"] },
  { to: "/admin/people", label: "nav.people", roles: ["system_admin", "org_admin"] },
  { to: "/admin/classes", label: "nav.classes", roles: ["system_admin", "org_admin"] },
  { to: "/admin/groups", label: "nav.groups", roles: ["system_admin", "org_admin"] },
  { to: "/admin/roster", label: "nav.roster", roles: ["system_admin", "org_admin"] },
  { to: "/admin/audit", label: "nav.audit", roles: ["system_admin", "org_admin"] },
  { to: "/admin/curriculum", label: "nav.curriculum", roles: ["system_admin"] },
  { to: "/admin/jobs", label: "nav.jobs", roles: ["system_admin"] },
  { to: "/notifications", label: "nav.notifications", roles: ROLES },
  { to: "/account", label: "nav.account", roles: ROLES },
];

/** The menu a person sees: items without a role list, plus those matching one of their roles. */
export function navigationFor(roles: readonly Role[]): NavigationItem[] {
  return NAVIGATION.filter((item) => !item.roles || item.roles.some((role) => roles.includes(role)));
}
