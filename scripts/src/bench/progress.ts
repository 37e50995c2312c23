/** Progress goes to stderr, so stdout carries only the Markdown table. */
const started = Date.now();

export function progress(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** A progress printer for a closed loop that speaks at most every `everyMs`. */
export function throttled(label: string, everyMs = 2000): (done: number) => void {
  let last = Date.now();
  return (done) => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    progress(`${label}: ${done} answered`);
  };
}
