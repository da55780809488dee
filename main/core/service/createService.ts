import { LobusService, type ServiceOptions } from './lobusService.js';
import { APP_VERSION } from './version.js';
import { readStudyFromPath, segmentationBackend } from './backends.js';

/** A service wired to the real volume reader and inference engine, for any door. */
export function createLobusService(options: Pick<ServiceOptions, 'door' | 'libraryRoot' | 'pickPath' | 'pickSavePath' | 'droppedPath'>): LobusService {
  return new LobusService({
    version: APP_VERSION,
    readStudy: readStudyFromPath,
    segmentation: segmentationBackend(),
    ...options,
  });
}
