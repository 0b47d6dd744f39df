export { view } from './view.js';
export { VIEW_FORMATS, type DecodeRaw, type ViewFormat, type ViewIo, type ViewOptions, type ViewResult, type WhereFilter } from './view-options.js';
export { DEFAULT_LIMIT, DEFAULT_WIDTH } from './view-settings.js';
export { readDeadLetters } from './read-dead-letters.js';
export { REPLAYED_TO_COLUMN, type ReplayedMode } from './replay-dataset.js';
