/** @module AdmissionPolicy: what Jobs may ask of a host, in compared form; everything absent here is denied. */
import { DEFAULT_MAX_RAMDISK_BYTES } from './ramdisk-options.js'
import { HARDENING_SECURITY_OPTS } from './security-opt.js'

/** `ALL` in a name list allows any name. */
export const ALL = 'ALL'

export interface AdmissionPolicy {
  /** `--allow-host-path`: host path prefixes in lexical normal form (host-path.ts). */
  hostPathPrefixes: readonly string[]
  /** `--allow-named-volume`: Docker volume names a Job may mount (or ALL). */
  namedVolumes: ReadonlySet<string>
  /** `--allow-host-network`: `networkMode: host`. */
  hostNetwork: boolean
  /** `--allow-container-network`: `networkMode: container:<name|id>` (joining another container's namespaces). */
  containerNetwork: boolean
  /** `--allow-security-opt`: canonical options (security-opt.ts), the hardening ones always in; or ALL. */
  securityOpts: ReadonlySet<string>
  /** `--allow-runtime`: runtimes a Job may name (or ALL); a Job without `runtime` gets the engine's default. */
  runtimes: ReadonlySet<string>
  /** `--allowed-capability`: normalized capability names (rule-options.ts), or ALL. */
  capabilities: ReadonlySet<string>
  /** `--allow-ramdisk-option`: which of exec, suid, dev a ramdisk may set. */
  ramdiskOptions: ReadonlySet<string>
  /** `--max-ramdisk-size`: the most bytes all of a Job's ramdisks together may hold. */
  maxRamdiskBytes: number
}

export const DENY_ALL_POLICY: AdmissionPolicy = {
  hostPathPrefixes: [],
  namedVolumes: new Set(),
  hostNetwork: false,
  containerNetwork: false,
  securityOpts: new Set(HARDENING_SECURITY_OPTS),
  runtimes: new Set(),
  capabilities: new Set(),
  ramdiskOptions: new Set(),
  maxRamdiskBytes: DEFAULT_MAX_RAMDISK_BYTES,
}

/** True when `set` holds `name` or ALL. */
export const allows = (set: ReadonlySet<string>, name: string): boolean => set.has(ALL) || set.has(name)
