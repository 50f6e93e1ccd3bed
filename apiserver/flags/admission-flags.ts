/** @module The admission policy's flags (`--admission-policy`, `--allow-*`, `--allowed-capability`) and the policy they add up to. */
import type { Command } from 'commander'
import { VOLUME_NAME } from '../rules/host-path.js'
import { loadPolicyFile } from '../rules/policy-file.js'
import { hostPathPrefixProblem, mergeSettings, PolicySettings } from '../rules/policy-settings.js'
import { LOOSENING_RAMDISK_FLAGS } from '../rules/ramdisk-options.js'
import { addCapability, nonEmpty, parseSize, repeatable } from './values.js'

export interface AdmissionFlags {
  allowedCapability: string[]
  admissionPolicy?: string
  allowHostPath: string[]
  allowNamedVolume: string[]
  allowHostNetwork?: boolean
  allowContainerNetwork?: boolean
  allowSecurityOpt: string[]
  allowRuntime: string[]
  allowRamdiskOption: string[]
  maxRamdiskSize?: string
}

/** Adds the admission flags to `command`. */
export function withAdmissionFlags(command: Command): Command {
  return command
    .option(
      '--allowed-capability <cap>',
      'a Linux capability Jobs may add (repeatable; none by default; ALL allows any)',
      addCapability,
      [],
    )
    .option(
      '--admission-policy <file>',
      'YAML admission policy (docs/admission-policy.md); the --allow-* flags add to it',
    )
    .option(
      '--allow-host-path <prefix>',
      'a host path prefix Jobs may mount (repeatable; none by default)',
      repeatable(hostPathPrefixProblem),
      [],
    )
    .option(
      '--allow-named-volume <name>',
      'a Docker volume name Jobs may mount (repeatable; ALL allows any)',
      repeatable((v) => (v === 'ALL' || VOLUME_NAME.test(v) ? undefined : 'a Docker volume name (or ALL)')),
      [],
    )
    .option('--allow-host-network', 'let Jobs use networkMode host')
    .option('--allow-container-network', "let Jobs join another container's namespaces (networkMode container:<x>)")
    .option(
      '--allow-security-opt <opt>',
      'a Docker security option Jobs may set, e.g. seccomp=unconfined (repeatable; ALL allows any)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allow-runtime <name>',
      'a Docker runtime Jobs may name (repeatable; ALL allows any)',
      repeatable(nonEmpty),
      [],
    )
    .option(
      '--allow-ramdisk-option <option>',
      `a tmpfs option loosening Docker's defaults Jobs may set: ${LOOSENING_RAMDISK_FLAGS.join(', ')} (repeatable)`,
      repeatable((v) =>
        (LOOSENING_RAMDISK_FLAGS as readonly string[]).includes(v)
          ? undefined
          : `one of ${LOOSENING_RAMDISK_FLAGS.join(', ')}`,
      ),
      [],
    )
    .option('--max-ramdisk-size <size>', "the most all of a Job's ramdisks may hold together (default 64m)", parseSize)
}

/** The policy file (if any) with the `--allow-*` flags added; a bad file throws naming it and the field. */
export function policySettings(flags: AdmissionFlags): PolicySettings {
  const fromFile = flags.admissionPolicy ? loadPolicyFile(flags.admissionPolicy) : PolicySettings.parse({})
  const fromFlags = PolicySettings.parse({
    allowHostPaths: flags.allowHostPath,
    allowNamedVolumes: flags.allowNamedVolume,
    allowHostNetwork: flags.allowHostNetwork ?? false,
    allowContainerNetwork: flags.allowContainerNetwork ?? false,
    allowSecurityOpts: flags.allowSecurityOpt,
    allowRuntimes: flags.allowRuntime,
    allowRamdiskOptions: flags.allowRamdiskOption,
    ...(flags.maxRamdiskSize ? { maxRamdiskSize: flags.maxRamdiskSize } : {}),
  })
  return mergeSettings(fromFile, fromFlags)
}
