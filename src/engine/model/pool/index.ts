// Several endpoints of one model used as one LanguageModel (least outstanding requests, failed endpoints set aside).
export { EndpointPool } from './pool';
export type { PoolMember, PoolOptions } from './pool';
