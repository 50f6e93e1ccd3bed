// A shipped systemd unit run as systemd would run it, without systemd: its ExecStart= expanded from its Environment=,
// the shipped /etc/default template and an operator's settings, run with those variables as the process environment.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expandExecStart, parseEnvFile, parseEnvironment, readUnit, unitValue } from '../../testing/systemd-unit.js'
import { NodeProcess } from '../harness.js'
import type { InstalledPackage } from './installed-package.js'

export interface UnitProcess {
  /** The command line systemd would run: the command's name, then its arguments. */
  argv: string[]
  process: NodeProcess
}

/** Starts `<unit>.service` of the installed package's deploy/ with `settings` written over its template's values. */
export function startUnit(opts: {
  pkg: InstalledPackage
  unit: 'helios-apiserver' | 'helios-agent'
  settings: Record<string, string>
  /** `%H`, `%S`…: what systemd would put there. */
  specifiers: Record<string, string>
  logFile: string
}): UnitProcess {
  const deploy = join(opts.pkg.packageDir, 'deploy')
  const unit = readUnit(join(deploy, `${opts.unit}.service`))
  const environment = {
    ...parseEnvironment(unit.Service?.Environment ?? [], opts.specifiers),
    // systemd reads only the uncommented lines; the operator's settings replace the template's values.
    ...Object.fromEntries(parseEnvFile(readFileSync(join(deploy, `${opts.unit}.env`), 'utf8'))),
    ...opts.settings,
  }
  const argv = expandExecStart(unitValue(unit, 'Service', 'ExecStart'), environment, opts.specifiers)
  const [command, ...args] = argv
  const process = new NodeProcess(opts.unit, args, opts.logFile, opts.pkg.env(environment), [], {
    command,
    cwd: opts.pkg.dir,
  })
  process.start()
  return { argv, process }
}
