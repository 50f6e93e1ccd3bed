/** @module A composite Job's sidecar container (pure): it joins the main container's network namespace and publishes nothing. */
import type { SidecarContainer } from '../apis/index.js'
import { type AgentContainerSettings, NO_AGENT_SETTINGS } from './container-spec.js'
import type { TaskPorts } from './ports.js'
import type { ContainerSpec } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { portEnv } from './unit-members.js'

/** `<main name>-<member>`: deterministic, so an agent killed mid-create finds its own sidecar again. */
export const sidecarName = (mainName: string, member: string): string => `${mainName}-${member}`

/**
 * Built from the main container's spec so the unit shares labels (task, spec hash, grace period, stop
 * timeout), the Job's security options and runtime (Docker joins namespaces only within one runtime).
 * Ports are published by main (`NetworkMode: container:<main id>` refuses port bindings, a hostname,
 * DNS servers and extra hosts); volumes, ramdisks, capabilities and limits stay main's own.
 */
export function buildSidecarSpec(
  main: ContainerSpec,
  mainId: string,
  sidecar: SidecarContainer,
  ports: TaskPorts,
  hostName: string,
  agent: AgentContainerSettings = NO_AGENT_SETTINGS,
): ContainerSpec {
  const env = { ...agent.env, ...portEnv(ports, hostName), ...sidecar.env }
  return {
    name: sidecarName(main.name, sidecar.name),
    Image: sidecar.image,
    ...(sidecar.command.length > 0 ? { Cmd: [...sidecar.command] } : {}),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...main.Labels, [LABEL.container]: sidecar.name },
    ExposedPorts: {},
    Volumes: {},
    StopTimeout: main.StopTimeout,
    HostConfig: {
      Init: true,
      PortBindings: {},
      Binds: [...agent.binds],
      NetworkMode: `container:${mainId}`,
      SecurityOpt: [...main.HostConfig.SecurityOpt],
      CapAdd: [],
      CapDrop: [],
      Tmpfs: {},
      ...(main.HostConfig.Runtime ? { Runtime: main.HostConfig.Runtime } : {}),
    },
  }
}
