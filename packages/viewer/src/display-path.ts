import path from 'node:path';

/** A file as messages name it: relative to the working directory when it is below it, else as given. */
export function displayPath(p: string): string {
  if (p.startsWith('s3://')) return p;
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
