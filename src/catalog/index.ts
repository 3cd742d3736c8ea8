/** The AWS action and condition-key catalog, as the ActionCatalog the policy linter reads. */
export { loadActionCatalog } from './load.js';
export { catalogFrom, type CatalogData, type ConditionKeyData } from './action-catalog.js';
export { loadActionResources, type ActionResources, type ActionResourceType } from './action-resources.js';
export { resourceCandidates, templateCandidates, type TemplateOwner } from './resource-candidates.js';
export { globalKeyName } from './key-names.js';
