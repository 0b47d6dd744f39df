import type { CommandName, Origin } from './setting.js';
import { settingSubject } from './setting-words.js';
import type { SettingKey, Settings } from './settings.js';

/**
 * Rules that need two settings or more, worded for the command line. Each returns one sentence
 * naming the values and the fix, or nothing. Add new ones at the end.
 */
export const SETTING_CHECKS: ReadonlyArray<(s: Settings, command: CommandName, from: Partial<Record<SettingKey, Origin>>) => string | undefined> = [
  (s) =>
    (s.saslMechanism !== undefined || s.saslUsername !== undefined || s.saslPassword !== undefined) && (!s.saslUsername || !s.saslPassword)
      ? 'SASL needs both a username and a password; pass --sasl-username and --sasl-password (or KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD).'
      : undefined,
  // From different sources the stronger one has already won (resolve-settings.ts): both are left only from the same one.
  (s, c, from) =>
    c === 'ingest' && s.topicPattern !== undefined && from.topics !== undefined
      ? `Give either ${settingSubject('topics', from.topics, undefined)} or ${settingSubject('topicPattern', from.topicPattern, undefined)}, not both.`
      : undefined,
  (s, c) =>
    c === 'ingest' && s.subjectStrategy !== 'topic' && !s.recordName
      ? `--subject-strategy ${s.subjectStrategy} needs the value's record name; pass --record-name e.g. dev.dl.orders.Order.`
      : undefined,
  (s, c) =>
    c === 'ingest' && s.keyFormat === 'avro' && s.subjectStrategy !== 'topic' && !s.keyRecordName
      ? `--key-format avro with --subject-strategy ${s.subjectStrategy} needs the key's record name; pass --key-record-name e.g. dev.dl.orders.OrderKey.`
      : undefined,
  (s, c) =>
    c === 'produce' && s.input !== undefined && (s.description !== undefined || s.count !== undefined)
      ? '--input sends the orders of a file; it cannot be combined with --description or --count.'
      : undefined,
  (s, c) =>
    c === 'produce' && s.raw && s.broken !== undefined && s.broken !== 'no-header'
      ? `--raw is --broken no-header; it cannot be combined with --broken ${s.broken}.`
      : undefined,
  (s, c) =>
    c === 'view' && s.tail !== undefined && s.limit !== undefined
      ? `Pass either --limit or --tail, not both (got --limit ${s.limit} and --tail ${s.tail}).`
      : undefined,
  (s, c) => (c === 'view' && s.hideReplayed && s.showReplayed ? 'Pass either --hide-replayed or --show-replayed, not both.' : undefined),
  (s, c) => {
    if (c !== 'view') return undefined;
    const modes = (['schema', 'countRows', 'files'] as const).filter((m) => s[m]);
    return modes.length > 1 ? `--${modes.map((m) => (m === 'countRows' ? 'count' : m)).join(' and --')} cannot be combined; pick one.` : undefined;
  },
  (s, c) =>
    c === 'replay' && s.fromOffset !== undefined && s.toOffset !== undefined && s.fromOffset > s.toOffset
      ? `--from-offset ${s.fromOffset} is after --to-offset ${s.toOffset}; both are inclusive, so swap them.`
      : undefined,
  (s, c) =>
    c === 'replay' && s.since && s.until && s.since.getTime() >= s.until.getTime()
      ? `--since ${s.since.toISOString()} is not before --until ${s.until.toISOString()}; --until is exclusive.`
      : undefined,
];
