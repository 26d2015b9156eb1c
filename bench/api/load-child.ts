/**
 * The load generator's own process: the API benchmark forks it so that the server's CPU time can be measured
 * alone (`process.cpuUsage()` of the server process) and the generator does not share its event loop.
 * Receives one job over IPC, runs it, sends the result back and exits.
 */
import autocannon, { type Options } from 'autocannon';
import { runPacedLoad, type PacedLoadOptions } from './paced-load.js';

/** What the parent asks for. */
export type LoadJob =
  | { readonly kind: 'closed'; readonly options: Options }
  | { readonly kind: 'paced'; readonly options: Omit<PacedLoadOptions, 'onMeasuring'> };

process.once('message', (job: LoadJob) => {
  // The parent measures the server from this message on (after the paced generator's warm-up).
  const measuring = (): void => void process.send?.({ measuring: true });
  if (job.kind === 'closed') measuring();
  const run = job.kind === 'closed' ? autocannon(job.options) : runPacedLoad({ ...job.options, onMeasuring: measuring });
  run.then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
  );
});
