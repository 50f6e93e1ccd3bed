import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'

let dir: string
let bashFile: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-completion-'))
  bashFile = join(dir, 'heliosctl.bash')
  writeFileSync(bashFile, (await heliosctl('', ['completion', 'bash'])).stdout)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What bash offers for the command line `words` (the last word is the one being completed). */
function complete(...words: string[]): string[] {
  const script = `source ${JSON.stringify(bashFile)}
COMP_WORDS=(heliosctl ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_heliosctl; printf '%s\\n' "\${COMPREPLY[@]}"`
  return execFileSync('bash', ['--norc', '-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean)
}

/** The verbs `heliosctl [path] --help` lists under its command groups ("Commands:", "Helios commands:" …). */
async function helpVerbs(...path: string[]): Promise<string[]> {
  const verbs: string[] = []
  let inCommands = false
  for (const line of (await heliosctl('', [...path, '--help'])).stdout.split('\n')) {
    if (/^\S/.test(line)) inCommands = /commands.*:$/i.test(line)
    const verb = inCommands ? /^ {2}([a-z][\w-]*)/.exec(line)?.[1] : undefined
    if (verb && verb !== 'help') verbs.push(verb)
  }
  return verbs
}

describe('completion bash', () => {
  test('is valid bash and offers exactly the verbs of --help, at the top and under config and rollout', async () => {
    execFileSync('bash', ['-n', bashFile])
    expect(complete('').sort()).toEqual((await helpVerbs()).sort())
    expect(complete('config', '').sort()).toEqual((await helpVerbs('config')).sort())
    expect(complete('rollout', '').sort()).toEqual((await helpVerbs('rollout')).sort())
    expect(complete('ap')).toEqual(['apply'])
  })

  test('flags of the verb plus the global ones; values of -o; kinds for get; shells for completion', () => {
    expect(complete('get', '--sel')).toEqual(['--selector'])
    expect(complete('get', '--cl')).toEqual(['--cluster'])
    expect(complete('config', 'set-cluster', 'x', '--c')).toEqual(['--cluster', '--config', '--certificate-authority'])
    expect(complete('get', 'jobs', '-o', '')).toEqual(['wide', 'json', 'yaml', 'name'])
    expect(complete('--server', 'http://x', 'get', 'd')).toEqual(['deployments', 'deployment'])
    expect(complete('get', '')).toContain('hosts')
    expect(complete('completion', '')).toEqual(['bash', 'zsh'])
  })
})

describe('completion zsh', () => {
  test('a compdef function with descriptions from the same tree', async () => {
    const script = (await heliosctl('', ['completion', 'zsh'])).stdout
    expect(script.startsWith('#compdef heliosctl\n')).toBe(true)
    expect(script).toContain("'config') reply=('view:print the config file (tokens REDACTED unless --raw)'")
    expect(script).toContain("'get') reply=('jobs' 'job' 'deployments'")
    expect(script).toContain("'get|-o') reply=('wide' 'json' 'yaml' 'name')")
    expect(script).toContain('compdef _heliosctl heliosctl')
    for (const verb of await helpVerbs()) expect(script).toContain(`'${verb}:`)
  })

  test('an unknown shell is a usage error', async () => {
    expect(await heliosctl('', ['completion', 'fish'])).toMatchObject({ code: 2 })
  })
})
