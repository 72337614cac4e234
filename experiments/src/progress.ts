import cliProgress from 'cli-progress';

/** A progress display for long work: a bar with ETA on an interactive terminal, nothing otherwise. */
export interface Progress {
  /** Sets the number of finished units. */
  update(done: number): void;
  /** Adds `by` finished units (default 1). */
  increment(by?: number): void;
  /** Finishes the bar. */
  stop(): void;
}

/**
 * Creates a progress bar on stderr showing `label`, done/total `unit`, rate and ETA. It draws only when stderr
 * is a terminal and `GLA_NO_PROGRESS` is unset, so logs and tests stay clean; `GLA_PROGRESS=plain` prints one
 * line per 10 % instead (for CI logs).
 */
export function createProgress(label: string, total: number, unit = 'steps'): Progress {
  const mode = process.env.GLA_NO_PROGRESS
    ? 'off'
    : process.env.GLA_PROGRESS === 'plain'
      ? 'plain'
      : process.stderr.isTTY
        ? 'bar'
        : 'off';
  if (mode === 'off') return { update() {}, increment() {}, stop() {} };
  if (mode === 'plain') {
    let done = 0;
    let shown = -1;
    const start = Date.now();
    const show = () => {
      const tenth = Math.floor((10 * done) / total);
      if (tenth > shown) {
        shown = tenth;
        const elapsed = (Date.now() - start) / 1000;
        const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
        process.stderr.write(
          `${label}: ${done}/${total} ${unit}, ${elapsed.toFixed(1)} s elapsed, ETA ${Number.isFinite(eta) ? eta.toFixed(1) : '?'} s\n`,
        );
      }
    };
    return {
      update(n) {
        done = n;
        show();
      },
      increment(by = 1) {
        done += by;
        show();
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(28)} {bar} {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: '0' });
  const rate = () => (done / Math.max(1e-3, (Date.now() - start) / 1000)).toFixed(1);
  return {
    update(n) {
      done = n;
      bar.update(n, { rate: rate() });
    },
    increment(by = 1) {
      done += by;
      bar.update(done, { rate: rate() });
    },
    stop() {
      bar.stop();
    },
  };
}
