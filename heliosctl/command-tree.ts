/** @module Walking commander's command tree: help hints per command and shell completion read it, so neither drifts. */
import type { Command } from 'commander'

/** `root` and every command below it, parents before children. */
export function allCommands(root: Command): Command[] {
  return [root, ...root.commands.flatMap((cmd) => allCommands(cmd))]
}

/** `heliosctl rollout status`: the names from the root down to `cmd`. */
export function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}
