// bin/dl execs the `node` on PATH (its first line is sh): with this PATH that is the Node running
// the bench, so dl and its peers (`node -e 0`, `node bin/dl`) are timed on the same Node.
import path from 'node:path';

export function sameNodePath() {
  return `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
}
