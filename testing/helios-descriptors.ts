/**
 * @module The spec of `--json` for Helios' verbs: each Helios descriptor's JSON fields, as Jackson printed them
 * (properties of the @JsonProperty constructor / getters, sorted; spotify/helios helios-client, commit 819e594).
 * Unit and e2e tests check heliosctl's output against these lists; they are written from the Java, not our code.
 */

/** descriptors/Job.java: the 26 constructor properties; Helios' Json printed nulls (no @JsonInclude). */
export const JOB_FIELDS = [
  'addCapabilities',
  'command',
  'created',
  'creatingUser',
  'dropCapabilities',
  'env',
  'expires',
  'gracePeriod',
  'healthCheck',
  'hostname',
  'id',
  'image',
  'labels',
  'metadata',
  'networkMode',
  'ports',
  'ramdisks',
  'registration',
  'registrationDomain',
  'resources',
  'rolloutOptions',
  'runtime',
  'secondsToWaitBeforeKill',
  'securityOpt',
  'token',
  'volumes',
]

/** descriptors/PortMapping.java. */
export const PORT_MAPPING_FIELDS = ['externalPort', 'internalPort', 'ip', 'protocol']

/** descriptors/RolloutOptions.java. */
export const ROLLOUT_OPTIONS_FIELDS = ['ignoreFailures', 'migrate', 'overlap', 'parallelism', 'timeout', 'token']

/** descriptors/HostStatus.java. */
export const HOST_STATUS_FIELDS = ['agentInfo', 'environment', 'hostInfo', 'jobs', 'labels', 'status', 'statuses']

/** descriptors/HostInfo.java. */
export const HOST_INFO_FIELDS = [
  'architecture',
  'cpus',
  'dockerCertPath',
  'dockerHost',
  'dockerVersion',
  'hostname',
  'loadAvg',
  'memoryFreeBytes',
  'memoryTotalBytes',
  'osName',
  'osVersion',
  'swapFreeBytes',
  'swapTotalBytes',
  'uname',
]

/** descriptors/DockerVersion.java. */
export const DOCKER_VERSION_FIELDS = ['apiVersion', 'arch', 'gitCommit', 'goVersion', 'kernelVersion', 'os', 'version']

/** descriptors/AgentInfo.java. */
export const AGENT_INFO_FIELDS = [
  'inputArguments',
  'name',
  'specName',
  'specVendor',
  'specVersion',
  'startTime',
  'uptime',
  'version',
  'vmName',
  'vmVendor',
  'vmVersion',
]

/** descriptors/JobStatus.java. */
export const JOB_STATUS_FIELDS = ['deployments', 'job', 'taskStatuses']

/** descriptors/TaskStatus.java. */
export const TASK_STATUS_FIELDS = ['containerError', 'containerId', 'env', 'goal', 'job', 'ports', 'state', 'throttled']

/**
 * descriptors/Deployment.java: the getters getJobId, getGoal, getDeployerUser (the constructor's "job" is read only);
 * deployerMaster and deploymentGroupName are @JsonInclude(NON_NULL), so printed only when set.
 */
export const DEPLOYMENT_FIELDS = ['deployerUser', 'goal', 'jobId']
export const DEPLOYMENT_OPTIONAL_FIELDS = ['deployerMaster', 'deploymentGroupName']

/** descriptors/TaskStatusEvent.java and protocol/TaskStatusEvents.java. */
export const TASK_STATUS_EVENT_FIELDS = ['host', 'status', 'timestamp']
export const TASK_STATUS_EVENTS_FIELDS = ['events', 'status']

/** protocol/VersionResponse.java. */
export const VERSION_RESPONSE_FIELDS = ['clientVersion', 'masterVersion']

/** protocol/JobUndeployResponse.java (JobDeployResponse has the same three). */
export const UNDEPLOY_RESPONSE_FIELDS = ['host', 'job', 'status']

/** An object's keys, sorted, to compare with the lists above. */
export const fieldsOf = (value: unknown): string[] => Object.keys(value as object).sort()
