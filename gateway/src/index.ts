export { composeSupergraph } from './compose';
export { startPlatform, type Platform, type PlatformOptions } from './platform';
