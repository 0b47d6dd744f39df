import { wordOption } from '@dl/core/config';
import type { OptionError } from '@dl/core/errors';
import { settingsInUse } from './load-settings.js';

/**
 * A library's OptionError as the user gave the value: `--columns "x" …` for a flag,
 * `DL_DATA_DIR="x" …` for the environment, `data-dir "x" in dl.yaml …` for the config file.
 */
export function wordOptionError(e: OptionError): string {
  const resolved = settingsInUse();
  return wordOption(e.detail, resolved?.origins ?? {}, { fileName: resolved?.fileName, stackName: resolved?.stackName });
}
