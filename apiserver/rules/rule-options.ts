/** @module RuleOptions: server-wide settings of the admission rules, from apiserver flags (createApp options). */

export interface RuleOptions {
  /** `--allowed-capability`: what a Job's addCapabilities may hold, normalized (`NET_ADMIN`); `ALL` allows any. */
  allowedCapabilities: ReadonlySet<string>
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { allowedCapabilities: new Set() }

/** Docker takes `NET_ADMIN`, `CAP_NET_ADMIN` and `net_admin` alike: compare them as `NET_ADMIN`. */
export const normalizeCapability = (cap: string): string => cap.trim().toUpperCase().replace(/^CAP_/, '')

/** True for a plausible Linux capability name (letters, digits, "_"), with or without `CAP_`. */
export const isCapabilityName = (cap: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(normalizeCapability(cap))

export function ruleOptions(opts: { allowedCapabilities?: readonly string[] } = {}): RuleOptions {
  return { allowedCapabilities: new Set((opts.allowedCapabilities ?? []).map(normalizeCapability)) }
}
