/** @module Test helper: the options and subcommands our three commands accept, and a check of a command line against them, so deploy files and docs fail a test when a flag is renamed. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Command } from 'commander'

/** What a command accepts: each flag (long and short forms) with whether it takes a value, and its subcommands. */
export interface CommandSpec {
  flags: Map<string, { takesValue: boolean }>
  subcommands: Map<string, CommandSpec>
  takesArguments: boolean
}

const REPO_ROOT = join(import.meta.dirname, '..')

/** `helios-apiserver --help` or `helios-agent --help`, run from the sources (their flags live in their main.ts). */
export async function serverHelp(command: 'helios-apiserver' | 'helios-agent'): Promise<string> {
  const main = join(REPO_ROOT, command === 'helios-apiserver' ? 'apiserver/main.ts' : 'agent/main.ts')
  // Without the variables the commands read, which would show up in the help as defaults.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HELIOS_')))
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', main, '--help'], {
    cwd: REPO_ROOT,
    env,
  })
  return stdout
}

/** The flags of commander's help text: `  -s, --long <value>  description` lines. */
export function specFromHelp(help: string): CommandSpec {
  const flags = new Map<string, { takesValue: boolean }>()
  for (const match of help.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)( [<[])?/gm)) {
    const takesValue = match[3] !== undefined
    flags.set(match[2]!, { takesValue })
    if (match[1]) flags.set(match[1], { takesValue })
  }
  return { flags, subcommands: new Map(), takesArguments: false }
}

/** A commander program's spec; a subcommand also accepts every flag of the commands above it. */
export function specFromCommander(cmd: Command, inherited = new Map<string, { takesValue: boolean }>()): CommandSpec {
  const flags = new Map(inherited)
  for (const option of cmd.options) {
    const takesValue = option.required || option.optional
    for (const name of [option.long, option.short]) if (name) flags.set(name, { takesValue })
  }
  flags.set('--help', { takesValue: false }).set('-h', { takesValue: false })
  const subcommands = new Map(cmd.commands.map((sub) => [sub.name(), specFromCommander(sub, flags)] as const))
  return { flags, subcommands, takesArguments: cmd.registeredArguments.length > 0 }
}

/** The flags and subcommands of `words` (argv after the command's name) that `spec` does not know. */
export function unknownWords(spec: CommandSpec, words: string[]): string[] {
  const unknown: string[] = []
  let current = spec
  let sawArgument = false
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (word.startsWith('-') && word !== '-') {
      const name = word.split('=')[0]!
      const flag = current.flags.get(name)
      if (!flag) unknown.push(name)
      else if (flag.takesValue && !word.includes('=')) i++
      continue
    }
    const sub: CommandSpec | undefined = sawArgument ? undefined : current.subcommands.get(word)
    if (sub) current = sub
    else if (!sawArgument && current.subcommands.size > 0 && !current.takesArguments) unknown.push(word)
    sawArgument ||= sub === undefined
  }
  return unknown
}

/** Shell words of one command line: quotes group, `\`-newlines and `$(…)` are already gone. */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
}

const COMMANDS = ['heliosctl', 'helios-apiserver', 'helios-agent'] as const
export type OurCommand = (typeof COMMANDS)[number]

/** Every use of our commands in the code blocks of a Markdown text: `sudo`, `VAR=x` prefixes and `# comments` dropped. */
export function commandLines(markdown: string): { command: OurCommand; words: string[]; line: string }[] {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!)
  const lines = blocks.flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
  const segments = lines.flatMap((line) => line.replace(/(^|\s)#.*$/, '').split(/&&|\|\||[|;]/))
  return segments.flatMap((segment) => {
    const words = shellWords(segment.trim())
    while (words[0] === 'sudo' || words[0] === '$' || /^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) words.shift()
    const command = COMMANDS.find((c) => c === words[0])
    return command ? [{ command, words: words.slice(1), line: segment.trim() }] : []
  })
}

/** The `--flags` that prose mentions in inline code spans (`like --this`), outside code blocks. */
export function proseFlags(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '')
  return [...prose.matchAll(/`([^`\n]+)`/g)].flatMap((m) =>
    [...m[1]!.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((f) => f[0]),
  )
}

/** Every flag of a command and of its subcommands. */
export function allFlags(spec: CommandSpec): Set<string> {
  return new Set([...spec.flags.keys(), ...[...spec.subcommands.values()].flatMap((sub) => [...allFlags(sub)])])
}
