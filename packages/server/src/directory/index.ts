export { directoryFeature } from './directory.feature.js';
export { DirectoryService } from './directory.service.js';
