/** Proving MFA enforcement: every action, every credential kind, counterexamples for each hole. */
export { proveMfa } from './prove.js';
export { DEFAULT_SELF_SERVICE_ACTIONS, selfServiceList } from './self-service.js';
export { arnsMatching, instantiate, type ArnDefaults } from './instantiate.js';
export type * from './types.js';
export { WITHOUT_MFA } from './types.js';
