/** @module The commander program: global options, every verb in its help group, and the help footer. */
import { Command } from 'commander'
import { allCommands, commandPath } from './command-tree.js'
import { defineApply } from './commands/apply.js'
import { defineCompletion } from './commands/completion.js'
import { defineConfig } from './commands/config.js'
import { defineCordon } from './commands/cordon.js'
import { defineCreate } from './commands/create.js'
import { defineCreateDeploymentGroup } from './commands/create-deployment-group.js'
import { defineDashboard } from './commands/dashboard.js'
import { defineDelete } from './commands/delete.js'
import { defineDeploy } from './commands/deploy.js'
import { defineDeploymentGroupViews } from './commands/deployment-groups.js'
import { defineDeregister } from './commands/deregister.js'
import { defineDescribe } from './commands/describe.js'
import { defineDiff } from './commands/diff.js'
import { defineDrain } from './commands/drain.js'
import { defineEndpoints } from './commands/endpoints.js'
import { defineExplain } from './commands/explain.js'
import { defineGet } from './commands/get.js'
import { defineHistory } from './commands/history.js'
import { defineHosts } from './commands/hosts.js'
import { defineInspect } from './commands/inspect.js'
import { defineJobs } from './commands/jobs.js'
import { defineLabel } from './commands/label.js'
import { defineLogs } from './commands/logs.js'
import { defineMasters } from './commands/masters.js'
import { defineRegister } from './commands/register.js'
import { defineRemove } from './commands/remove.js'
import { defineRemoveDeploymentGroup } from './commands/remove-deployment-group.js'
import { defineRollingUpdate } from './commands/rolling-update.js'
import { defineRollout } from './commands/rollout.js'
import { collect, type Run } from './commands/run.js'
import { defineStart, defineStop } from './commands/start-stop.js'
import { defineStatus } from './commands/status.js'
import { defineStopDeploymentGroup } from './commands/stop-deployment-group.js'
import { defineUndeploy } from './commands/undeploy.js'
import { defineVersion } from './commands/version.js'
import { defineWait } from './commands/wait.js'
import { defineWatch } from './commands/watch.js'
import { defineWatchDeploymentGroup } from './commands/watch-deployment-group.js'
import { DEFAULT_SERVER } from './config/server-target.js'
import { DEFAULT_SRV_NAME } from './config/srv-target.js'
import type { Ctx } from './context.js'
import { parseDuration } from './duration-flag.js'

const FOOTER = `
Configuration (heliosctl config --help):
  file     --config FILE > HELIOS_CONFIG > $XDG_CONFIG_HOME/heliosctl/config.yaml > ~/.config/heliosctl/config.yaml
  server   --server and -z > -d (SRV) > --cluster NAME > HELIOS_SERVER > the current cluster > ${DEFAULT_SERVER}
  token    --auth-token > HELIOS_TOKEN > the cluster's token; with --cluster NAME, its token beats HELIOS_TOKEN
  a cluster's token and CA go only to that cluster's server, never to --server or HELIOS_SERVER
  several servers (http://a:5801,http://b:5801): requests go to one; when it is unreachable, hangs
           (--request-timeout) or answers 503, to the next, as far as is safe (reads always; writes that would
           fail loudly if sent twice: creates, compare-and-set updates, apply)

Environment:
  HELIOS_SERVER   apiserver URL(s) when neither --server nor --cluster is given
  HELIOS_TOKEN    bearer token when --auth-token is absent (an apiserver with --token-file needs one)
  HELIOS_CONFIG   the config file when --config is absent
  NODE_EXTRA_CA_CERTS  more CAs to trust for https:// servers (a cluster's certificateAuthority needs none)
  NO_COLOR        no colours even on a terminal

Exit codes:
  0  success
  1  the operation failed: an apiserver error, an unreachable apiserver, a malformed config file, an unknown
     or ambiguous job, a pattern that matched nothing, an invalid manifest, a declined confirmation, a rollout
     that failed or timed out (rollout status, rolling-update, drain --wait, wait)
  2  usage error: unknown verb or flag (with a suggestion), missing argument, bad flag value
  diff is the exception, as kubectl diff: 0 no changes, 1 changes found, >1 an error

Shell completion: source <(heliosctl completion bash)   (or zsh)

Prompts (remove, undeploy -a) appear only when stdin is a terminal; without one, verbs proceed.`

/** The whole command tree; `run` builds each verb's Ctx (main.ts). */
export function buildProgram(clientVersion: string, io: Pick<Ctx, 'stdout' | 'stderr'>, run: Run): Command {
  const program = new Command('heliosctl')
    .description('Helios in TypeScript: declare Jobs and Deployments, see where containers run')
    .version(clientVersion, '-V, --version', 'print the client version')
    .option(
      '--server <url[,url…]>',
      `apiserver URL, or several separated by commas to fail over between (env HELIOS_SERVER; default: the current cluster, or ${DEFAULT_SERVER})`,
    )
    .option(
      '-z, --master <url[,url…]>',
      "Helios' name for --server: an apiserver URL (repeatable, or comma-separated; joins --server's list)",
      collect,
    )
    .option(
      '-d, --domains <domain[,domain…]>',
      'find the apiservers by DNS SRV records _<srv-name>._https.<domain>, else _<srv-name>._http.<domain> ' +
        '(repeatable; used when neither --server nor -z is given)',
      collect,
    )
    .option('--srv-name <name>', `the SRV service name -d looks up (default "${DEFAULT_SRV_NAME}")`)
    .option(
      '-u, --username <name>',
      "accepted for Helios scripts and ignored (with a warning): the apiserver names the user from the token's user",
    )
    .option(
      '--request-timeout <duration>',
      'how long an apiserver may take to answer (or stay silent mid-answer) before the next is tried or the ' +
        'verb fails (default 30s; 0: no limit; watches may stay quiet 60s between bookmarks)',
      parseDuration,
    )
    // Not --token: the Helios verbs create, deploy, undeploy and remove take --token for a Job's token.
    .option('--auth-token <token>', "bearer token for the apiserver (env HELIOS_TOKEN; default: the cluster's)")
    .option('--cluster <name>', 'use this cluster of the config file instead of the current one')
    .option('--config <file>', 'the config file (env HELIOS_CONFIG; default ~/.config/heliosctl/config.yaml)')
    .option('--json', 'JSON output (Helios verbs, rollout status and history, label, drain, endpoints)')
    .option('-v, --verbose', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s)),
    })
    .addHelpText('after', FOOTER)
  program.commandsGroup('Declarative commands (kubectl-style):')
  defineApply(program, run)
  defineDiff(program, run)
  defineGet(program, run)
  defineDelete(program, run)
  defineLabel(program, run)
  defineRollout(program, run)
  defineDescribe(program, run)
  defineWait(program, run)
  defineExplain(program, run)
  program.commandsGroup('Host commands:')
  defineCordon(program, run)
  defineDrain(program, run)
  program.commandsGroup('Helios commands:')
  defineCreate(program, run)
  defineInspect(program, run)
  defineJobs(program, run)
  defineHosts(program, run)
  defineRegister(program, run)
  defineDeregister(program, run)
  defineMasters(program, run)
  defineDeploy(program, run)
  defineUndeploy(program, run)
  defineStart(program, run)
  defineStop(program, run)
  defineStatus(program, run)
  defineWatch(program, run)
  defineHistory(program, run)
  defineRollingUpdate(program, run)
  defineRemove(program, run)
  defineVersion(program, run, clientVersion)
  program.commandsGroup('Deployment group commands (Helios; each is a Deployment with a hostSelector):')
  defineCreateDeploymentGroup(program, run)
  defineDeploymentGroupViews(program, run)
  defineRemoveDeploymentGroup(program, run)
  defineWatchDeploymentGroup(program, run)
  defineStopDeploymentGroup(program, run)
  program.commandsGroup('Watching and troubleshooting commands:')
  defineDashboard(program, run)
  defineLogs(program, run)
  defineEndpoints(program, run)
  program.commandsGroup('Configuration and shell commands:')
  defineConfig(program, run)
  defineCompletion(program, run)
  for (const cmd of allCommands(program)) cmd.showHelpAfterError(`hint: run '${commandPath(cmd)} --help' for usage`)
  return program
}

// commander puts its suggestion on a line of its own; every error here is one line (+ a hint line).
const oneLineError = (text: string): string => text.replace(/\n\(Did you mean (.+)\?\)/, '; did you mean $1?')
