export * from './setting.js';
export * from './settings.js';
export * from './setting-checks.js';
export * from './resolve-settings.js';
export * from './describe-settings.js';
export * from './setting-words.js';
