/** @module RuleOptions: server-wide settings of the admission rules, from apiserver flags (createApp options). */
import type { AdmissionPolicy } from './admission-policy.js'
import { admissionPolicy, PolicySettings, type PolicySettingsInput } from './policy-settings.js'

export { isCapabilityName, normalizeCapability } from './capability.js'

export interface RuleOptions {
  /** What Jobs may ask of a host (docs/admission-policy.md); deny by default. */
  policy: AdmissionPolicy
}

export interface RuleOptionsInput {
  /** `--allowed-capability`, added to the policy's. */
  allowedCapabilities?: readonly string[]
  /** `--admission-policy FILE` merged with the policy flags (policy-file.ts, main.ts). */
  admissionPolicy?: PolicySettingsInput
}

/** The rule options of `opts`; invalid settings throw a ZodError (main.ts validates flags and the policy file first). */
export function ruleOptions(opts: RuleOptionsInput = {}): RuleOptions {
  const settings = PolicySettings.parse(opts.admissionPolicy ?? {})
  const capabilities = [...settings.allowedCapabilities, ...(opts.allowedCapabilities ?? [])]
  return { policy: admissionPolicy({ ...settings, allowedCapabilities: capabilities }) }
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = ruleOptions()
