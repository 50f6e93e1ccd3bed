/** @module `heliosctl completion bash|zsh`: the shell completion script for this very program. */
import { Argument, type Command } from 'commander'
import { bashScript } from '../completion/bash-script.js'
import { completionModel } from '../completion/completion-model.js'
import { zshScript } from '../completion/zsh-script.js'
import type { Ctx } from '../context.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Verbs, flags, flag values (-o …) and kinds (get, describe …) come from heliosctl's own command tree, so the
script matches the binary that printed it; cluster names are read from the config file when completing.

  bash:  source <(heliosctl completion bash)          # add to ~/.bashrc
  zsh:   autoload -U compinit && compinit             # once, in ~/.zshrc
         source <(heliosctl completion zsh)`

export function defineCompletion(program: Command, run: Run): void {
  program
    .command('completion')
    .description('print a shell completion script (bash or zsh)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText('after', HELP)
    .action((shell: 'bash' | 'zsh', _opts: GlobalOpts, cmd: Command) =>
      run(completion, { shell, program: root(cmd) }, cmd),
    )
}

/** Prints the script for `shell` built from `program`'s commands as they are now (every verb defined). */
export async function completion(ctx: Ctx, args: { shell: 'bash' | 'zsh'; program: Command }): Promise<number> {
  const model = completionModel(args.program)
  ctx.stdout.write(args.shell === 'bash' ? bashScript(model) : zshScript(model))
  return 0
}

function root(cmd: Command): Command {
  let c = cmd
  while (c.parent) c = c.parent
  return c
}
