// Public surface of the PodSecurityConfiguration API: internal types, versioned schemas, decoding,
// validation, loading and conversion to the default policies.
export * from './types.js';
export * from './fielderrors.js';
export * from './validation.js';
export * from './decode.js';
export * from './load.js';
export * as v1 from './v1.js';
export * as v1beta1 from './v1beta1.js';
export * as v1alpha1 from './v1alpha1.js';
