import { settingFlag, wordOption } from '@dl/core/config';
import { nameSettings, OptionError, type DlError } from '@dl/core/errors';
import { settingsInUse } from './load-settings.js';

/**
 * A library's error in the user's terms. An OptionError names its setting as the user gave the
 * value (`--columns "x" …` for a flag, `DL_DATA_DIR="x" …` for the environment, `data-dir "x" in
 * dl.yaml …` for the config file); any other error that names settings names them by flag.
 */
export function wordError(e: DlError): string {
  if (e instanceof OptionError) {
    const resolved = settingsInUse();
    return wordOption(e.detail, resolved?.origins ?? {}, { fileName: resolved?.fileName, stackName: resolved?.stackName });
  }
  return e.template === undefined ? e.message : nameSettings(e.template, settingFlag);
}
