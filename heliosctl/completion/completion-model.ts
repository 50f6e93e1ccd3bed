/** @module What shell completion offers at each command, read from commander's tree so scripts never drift. */
import type { Command, Option } from 'commander'
import { ALL_KINDS, KINDS } from '../../apis/index.js'
import { allCommands } from '../command-tree.js'

export interface CompletionOption {
  /** `-o`, `--output`. */
  names: string[]
  description: string
  takesValue: boolean
  /** Fixed values (commander's `.choices()`). */
  choices?: string[]
  /** The value is a path (`<file>`, `<dir>`). */
  isPath: boolean
}

export interface CompletionNode {
  /** Words after `heliosctl`, e.g. `config use-cluster`; '' for the root. */
  path: string
  subcommands: Array<{ name: string; description: string }>
  /** Its own options plus every ancestor's (commander accepts global options after the verb). */
  options: CompletionOption[]
  /** Words for the first positional argument: kinds for one named `kind`, else its `.choices()`. */
  words: string[]
  /** Its first argument is a cluster of the config file (completed by asking heliosctl). */
  takesCluster: boolean
}

/** Every kind as users may type it, plural first: `jobs job deployments deployment …`. */
export const KIND_WORDS = ALL_KINDS.flatMap((k) => [KINDS[k].plural, k.toLowerCase()])

/** One node per command of `program`, root first. */
export function completionModel(program: Command): CompletionNode[] {
  return allCommands(program).map((cmd) => {
    const first = cmd.registeredArguments[0]
    return {
      path: pathOf(cmd),
      subcommands: cmd.commands.flatMap((sub) =>
        [sub.name(), ...sub.aliases()].map((name) => ({ name, description: sub.description() })),
      ),
      options: [...ancestry(cmd).flatMap((c) => c.options.filter((o) => !o.hidden).map(toOption)), HELP],
      words: first?.name() === 'kind' ? KIND_WORDS : (first?.argChoices ?? []),
      takesCluster: first?.name() === 'cluster',
    }
  })
}

const HELP: CompletionOption = { names: ['-h', '--help'], description: 'show help', takesValue: false, isPath: false }

function toOption(o: Option): CompletionOption {
  return {
    names: [o.short, o.long].filter((n): n is string => n !== undefined),
    description: o.description,
    takesValue: o.required || o.optional,
    choices: o.argChoices,
    isPath: /<[^>]*(file|dir|path)[^>]*>/i.test(o.flags),
  }
}

function ancestry(cmd: Command): Command[] {
  const chain: Command[] = []
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c)
  return chain
}

function pathOf(cmd: Command): string {
  return ancestry(cmd)
    .slice(1)
    .map((c) => c.name())
    .join(' ')
}
