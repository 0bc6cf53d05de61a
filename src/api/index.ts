// Public surface of the api package: levels, versions, label keys and policy resolution.
export * from './constants.js';
export * from './errors.js';
export * from './ephemeral.js';
export * from './helpers.js';
export * from './quote.js';
export * from './version.js';
export type * from './corev1.js';
export * from './attributes.js';
export * from './labelpairs.js';
