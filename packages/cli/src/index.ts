// @inetlib/cli: the inetlib command, callable in-process, and the protocol tour.
export { type MainOptions, main } from "./cli.js";
export { type CommonOptions, Context, type Credentials, DEFAULT_TIMEOUT } from "./context.js";
export { CliError, classify, EXIT, type ExitCode } from "./exit.js";
export { type CliIO, processIO } from "./io.js";
export { bytes, Progress, type ProgressOptions, renderProgress } from "./progress.js";
export {
  type Phase,
  type Refusal,
  SCHEMES,
  type Scheme,
  type SchemeEntry,
  schemeFor,
} from "./schemes/index.js";
export {
  type Endpoint,
  findDaemonsConfig,
  type LocalServers,
  type Login,
  parseConfigEnv,
  realTargets,
  runTour,
  type StepResult,
  startLocal,
  TOUR_STEPS,
  type TourLog,
  type TourOptions,
  type TourShow,
  type TourStep,
  type TourTargets,
} from "./tour/index.js";
export { type CliUrl, parseUrl, redact } from "./url.js";
export { VERSION } from "./version.js";
