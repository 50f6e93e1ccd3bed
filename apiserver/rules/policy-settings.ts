/** @module PolicySettings: the admission policy as an operator writes it (policy file keys = apiserver flags), validated with zod. */
import { z } from 'zod'
import { type AdmissionPolicy, ALL, DENY_ALL_POLICY } from './admission-policy.js'
import { isCapabilityName, normalizeCapability } from './capability.js'
import { normalizeHostPath, VOLUME_NAME } from './host-path.js'
import { LOOSENING_RAMDISK_FLAGS, parseByteSize } from './ramdisk-options.js'
import { canonicalSecurityOpt } from './security-opt.js'

/** Why `prefix` cannot be an `--allow-host-path` prefix, or undefined. */
export function hostPathPrefixProblem(prefix: string): string | undefined {
  const normal = normalizeHostPath(prefix)
  return 'problem' in normal ? `host path prefix ${JSON.stringify(prefix)} ${normal.problem}` : undefined
}

const HostPathPrefix = z.string().superRefine((prefix, ctx) => {
  const problem = hostPathPrefixProblem(prefix)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const VolumeName = z.string().refine((v) => v === ALL || VOLUME_NAME.test(v), 'a Docker volume name (or ALL)')
const Capability = z.string().refine(isCapabilityName, 'a capability is a name like NET_ADMIN (or ALL)')
const ByteSize = z.union([
  z.number().int().positive(),
  z.string().refine((s) => parseByteSize(s) !== undefined, 'a size like 64m, 1g or 65536k (bytes, k, m, g)'),
])

export const PolicySettings = z.strictObject({
  allowHostPaths: z.array(HostPathPrefix).default([]).describe('--allow-host-path: host path prefixes Jobs may mount.'),
  allowNamedVolumes: z.array(VolumeName).default([]).describe('--allow-named-volume: Docker volume names (or ALL).'),
  allowHostNetwork: z.boolean().default(false).describe('--allow-host-network: networkMode host.'),
  allowContainerNetwork: z.boolean().default(false).describe('--allow-container-network: networkMode container:<x>.'),
  allowSecurityOpts: z.array(z.string().min(1)).default([]).describe('--allow-security-opt: options (or ALL).'),
  allowRuntimes: z.array(z.string().min(1)).default([]).describe('--allow-runtime: Docker runtimes (or ALL).'),
  allowedCapabilities: z.array(Capability).default([]).describe('--allowed-capability: capabilities (or ALL).'),
  allowRamdiskOptions: z.array(z.enum(LOOSENING_RAMDISK_FLAGS)).default([]).describe('--allow-ramdisk-option.'),
  maxRamdiskSize: ByteSize.optional().describe("--max-ramdisk-size: all of a Job's ramdisks together (default 64m)."),
})
export type PolicySettingsInput = z.input<typeof PolicySettings>
export type PolicySettings = z.output<typeof PolicySettings>

/** `later` over `earlier`: lists and allowances add up; a size given in `later` wins. */
export function mergeSettings(earlier: PolicySettings, later: PolicySettings): PolicySettings {
  const union = <T>(a: readonly T[], b: readonly T[]) => [...new Set([...a, ...b])]
  return {
    allowHostPaths: union(earlier.allowHostPaths, later.allowHostPaths),
    allowNamedVolumes: union(earlier.allowNamedVolumes, later.allowNamedVolumes),
    allowHostNetwork: earlier.allowHostNetwork || later.allowHostNetwork,
    allowContainerNetwork: earlier.allowContainerNetwork || later.allowContainerNetwork,
    allowSecurityOpts: union(earlier.allowSecurityOpts, later.allowSecurityOpts),
    allowRuntimes: union(earlier.allowRuntimes, later.allowRuntimes),
    allowedCapabilities: union(earlier.allowedCapabilities, later.allowedCapabilities),
    allowRamdiskOptions: union(earlier.allowRamdiskOptions, later.allowRamdiskOptions),
    ...((later.maxRamdiskSize ?? earlier.maxRamdiskSize) !== undefined
      ? { maxRamdiskSize: later.maxRamdiskSize ?? earlier.maxRamdiskSize }
      : {}),
  }
}

/** The compared form of valid settings. */
export function admissionPolicy(settings: PolicySettings): AdmissionPolicy {
  const size = settings.maxRamdiskSize
  const prefixes = settings.allowHostPaths.map((p) => {
    const normal = normalizeHostPath(p)
    return 'path' in normal ? normal.path : p
  })
  return {
    hostPathPrefixes: [...new Set(prefixes)],
    namedVolumes: new Set(settings.allowNamedVolumes),
    hostNetwork: settings.allowHostNetwork,
    containerNetwork: settings.allowContainerNetwork,
    securityOpts: new Set([
      ...DENY_ALL_POLICY.securityOpts,
      ...settings.allowSecurityOpts.map((o) => (o === ALL ? ALL : canonicalSecurityOpt(o))),
    ]),
    runtimes: new Set(settings.allowRuntimes),
    capabilities: new Set(settings.allowedCapabilities.map(normalizeCapability)),
    ramdiskOptions: new Set(settings.allowRamdiskOptions),
    maxRamdiskBytes:
      size === undefined
        ? DENY_ALL_POLICY.maxRamdiskBytes
        : typeof size === 'number'
          ? size
          : (parseByteSize(size) ?? DENY_ALL_POLICY.maxRamdiskBytes),
  }
}
