// deploy/'s units, environment templates and docs against the commands' own options: a renamed flag or variable fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildProgram } from '../heliosctl/program.js'
import {
  allFlags,
  type CommandSpec,
  commandLines,
  type OurCommand,
  proseFlags,
  serverHelp,
  specFromCommander,
  specFromHelp,
  unknownWords,
} from '../testing/command-line.js'
import {
  expandExecStart,
  parseEnvFile,
  parseEnvironment,
  readUnit,
  referencedVariables,
  type UnitFile,
  unitValue,
} from '../testing/systemd-unit.js'

const ROOT = join(import.meta.dirname, '..')
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const SPECIFIERS = { H: 'web1', S: '/var/lib' }
// Variables the process reads itself rather than through ExecStart: Node's own.
const NODE_VARIABLES = ['NODE_EXTRA_CA_CERTS']

const specs = {} as Record<OurCommand, CommandSpec>
const helps = {} as Record<'helios-apiserver' | 'helios-agent', string>

beforeAll(async () => {
  const [apiserver, agent] = await Promise.all([serverHelp('helios-apiserver'), serverHelp('helios-agent')])
  helps['helios-apiserver'] = apiserver
  helps['helios-agent'] = agent
  specs['helios-apiserver'] = specFromHelp(apiserver)
  specs['helios-agent'] = specFromHelp(agent)
  const noOutput = { write: () => true }
  specs.heliosctl = specFromCommander(buildProgram('0.0.0', { stdout: noOutput, stderr: noOutput }, async () => {}))
}, 60_000)

describe.each(['helios-apiserver', 'helios-agent'] as const)('%s.service', (command) => {
  let unit: UnitFile
  let unitEnv: Record<string, string>
  let template: [string, string][]
  let execStart: string
  beforeAll(() => {
    unit = readUnit(join(ROOT, `deploy/${command}.service`))
    unitEnv = parseEnvironment(unit.Service?.Environment ?? [], SPECIFIERS)
    // Commented lines too: the templates' examples must hold as well.
    template = parseEnvFile(read(`deploy/${command}.env`), { commented: true })
    execStart = unitValue(unit, 'Service', 'ExecStart')
  })

  it(`runs ${command}, a bin of package.json, with flags it has (the template's values and examples filled in)`, () => {
    const bins = JSON.parse(read('package.json')).bin as Record<string, string>
    const argv = expandExecStart(execStart, { ...unitEnv, ...Object.fromEntries(template) }, SPECIFIERS)
    expect(argv[0]).toBe(command)
    expect(Object.keys(bins)).toContain(command)
    expect(argv.filter((arg) => arg === '')).toEqual([])
    expect(unknownWords(specs[command], argv.slice(1))).toEqual([])
  })

  it('refers only to variables the unit or its environment file sets', () => {
    const set = new Set([...Object.keys(unitEnv), ...template.map(([key]) => key)])
    expect(referencedVariables(execStart).filter((name) => !set.has(name))).toEqual([])
  })

  it('has in its environment file only variables ExecStart uses or the command reads', () => {
    const used = new Set(referencedVariables(execStart))
    const unused = template
      .map(([key]) => key)
      .filter((key) => !used.has(key) && !helps[command].includes(key) && !NODE_VARIABLES.includes(key))
    expect(unused).toEqual([])
  })

  it('reads /etc/default, runs as helios, restarts always and starts once the network is online', () => {
    expect(unitValue(unit, 'Service', 'EnvironmentFile')).toBe(`/etc/default/${command}`)
    expect(unitValue(unit, 'Service', 'User')).toBe('helios')
    expect(unitValue(unit, 'Service', 'Restart')).toBe('always')
    expect(unitValue(unit, 'Unit', 'After')).toContain('network-online.target')
    expect(unitValue(unit, 'Unit', 'Wants')).toContain('network-online.target')
    expect(unitValue(unit, 'Install', 'WantedBy')).toBe('multi-user.target')
  })
})

describe('helios-agent.service', () => {
  it('starts after Docker and may use its socket', () => {
    const unit = readUnit(join(ROOT, 'deploy/helios-agent.service'))
    expect(unitValue(unit, 'Unit', 'After')).toContain('docker.service')
    expect(unitValue(unit, 'Service', 'SupplementaryGroups')).toBe('docker')
    expect(unitValue(unit, 'Service', 'RestrictAddressFamilies').split(' ')).toContain('AF_UNIX')
  })
})

describe.each([
  { file: 'deploy/README.md', section: (text: string) => text },
  {
    file: 'README.md',
    section: (text: string) => /^## Running a real cluster\n[\s\S]*?(?=^## )/m.exec(text)?.[0] ?? '',
  },
])('$file', ({ file, section }) => {
  it('runs our commands only with subcommands and flags they have', () => {
    const lines = commandLines(section(read(file)))
    expect(lines.length).toBeGreaterThan(0)
    const wrong = lines.flatMap(({ command, words, line }) =>
      unknownWords(specs[command], words).map((word) => `${word} in: ${line}`),
    )
    expect(wrong).toEqual([])
  })

  it('names in its text only flags one of our commands has', () => {
    const known = new Set(Object.values(specs).flatMap((spec) => [...allFlags(spec)]))
    const flags = proseFlags(section(read(file)))
    expect(flags.length).toBeGreaterThan(0)
    expect(flags.filter((flag) => !known.has(flag))).toEqual([])
  })
})
