export { view } from './view.js';
export {
  VIEW_FORMATS,
  type DecodeRaw,
  type ViewFormat,
  type ViewIo,
  type ViewOptions,
  type ViewResult,
  type WhereFilter,
} from './view-options.js';
export { DEFAULT_LIMIT, DEFAULT_WIDTH } from './view-settings.js';
