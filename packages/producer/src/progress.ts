import type { ProduceSummary } from './produce-options.js';

export interface Progress {
  update(done: number): void;
  end(): void;
}

/** A one-line progress bar on a terminal, redrawn at most 10 times a second; nothing elsewhere. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number): Progress {
  if (!stream.isTTY || total < 2) return { update: () => {}, end: () => {} };
  const start = performance.now();
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const secs = (performance.now() - start) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total} ${rate} msgs/s`);
  };
  return {
    update(done) {
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    end() {
      stream.write('\r\x1b[2K');
    },
  };
}

/** `sent 1000 to dev.orders, 0 failed in 0.52 s (1923 msgs/s, 0.13 MB/s)` */
export function summaryLine(s: ProduceSummary): string {
  const skipped = s.skipped > 0 ? `, ${s.skipped} invalid lines skipped` : '';
  return (
    `dl produce: sent ${s.sent} to ${s.topic}, ${s.failed} failed${skipped} in ${s.seconds.toFixed(2)} s ` +
    `(${Math.round(s.msgsPerSec)} msgs/s, ${s.mbPerSec.toFixed(2)} MB/s)\n`
  );
}
