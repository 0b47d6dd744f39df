/**
 * `add.path` is a URI reference relative to the table root (PROTOCOL.md, "Add File and Remove
 * File"), so each segment is percent-encoded: partition folders may hold `%`-escapes of their
 * own (see sanitizeSegment) that a reader must not decode into other characters.
 * `=` stays readable, as Spark and delta-rs write it.
 */
export function encodeDataPath(relative: string): string {
  return relative
    .split('/')
    .map((seg) => encodeURIComponent(seg).replaceAll('%3D', '='))
    .join('/');
}

/** The path relative to the table root that an `add.path` names. */
export function decodeDataPath(uriPath: string): string {
  return uriPath
    .split('/')
    .map((seg) => decodeURIComponent(seg))
    .join('/');
}
