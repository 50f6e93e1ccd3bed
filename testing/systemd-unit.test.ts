// The unit-file reader the deploy tests rely on: ExecStart= expanded with systemd.service(5)'s rules.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: systemd's ${VAR}, not JavaScript's
import { describe, expect, it } from 'vitest'
import { expandExecStart, parseEnvFile, parseEnvironment, parseUnit, referencedVariables } from './systemd-unit.js'

describe('parseUnit', () => {
  it('joins continued lines, skips comments and keeps repeated keys', () => {
    const unit = parseUnit('# c\n[Service]\nExecStart=a \\\n  b\nEnvironment=A=1\n; c\nEnvironment=B=2\n')
    expect(unit).toEqual({ Service: { ExecStart: ['a    b'], Environment: ['A=1', 'B=2'] } })
  })

  it('refuses a line outside a section', () => {
    expect(() => parseUnit('ExecStart=a\n')).toThrow('not a unit file line')
  })
})

describe('expandExecStart', () => {
  const env = { ONE: 'a b', EMPTY: '', LABELS: '--label x=1  --label y=2' }

  it('gives ${VAR} as one argument, empty when unset, and $VAR split at whitespace', () => {
    expect(expandExecStart('cmd --x ${ONE} --y ${UNSET} $LABELS', env, {})).toEqual([
      'cmd',
      '--x',
      'a b',
      '--y',
      '',
      '--label',
      'x=1',
      '--label',
      'y=2',
    ])
  })

  it('drops an empty or unset $VAR word', () => {
    expect(expandExecStart('cmd $EMPTY $UNSET --z', env, {})).toEqual(['cmd', '--z'])
  })

  it('expands specifiers, and %% to %', () => {
    expect(expandExecStart('cmd --dir %S/agent --pct 100%%', env, { S: '/var/lib' })).toEqual([
      'cmd',
      '--dir',
      '/var/lib/agent',
      '--pct',
      '100%',
    ])
    expect(() => expandExecStart('cmd %Q', env, {})).toThrow('%Q')
  })

  it('names the variables a line refers to', () => {
    expect(referencedVariables('cmd ${A} $B --c')).toEqual(['A', 'B'])
  })
})

describe('environment', () => {
  it('reads KEY=value lines, unquoted, and the commented examples only when asked', () => {
    const text = 'A=1\n# a comment\n#B="x y"\nC=--label a=b --label c=d\n'
    expect(parseEnvFile(text)).toEqual([
      ['A', '1'],
      ['C', '--label a=b --label c=d'],
    ])
    expect(parseEnvFile(text, { commented: true })).toContainEqual(['B', 'x y'])
  })

  it('reads Environment= words with specifiers', () => {
    expect(parseEnvironment(['A=%H B=2', 'C=3'], { H: 'web1' })).toEqual({ A: 'web1', B: '2', C: '3' })
  })
})
