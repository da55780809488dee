import type { LobusApi } from '../../../main/core/api/contract';
import type { PickedFiles } from '../logic/pickedFiles';

/** Sends picked files to the app as one upload (announced first, so its limits are checked before any byte moves). */
export async function uploadFiles(api: LobusApi, picked: PickedFiles, onProgress?: (done: number, total: number) => void): Promise<string> {
  const totalBytes = picked.files.reduce((sum, f) => sum + f.size, 0);
  const { uploadId } = await api.beginUpload({ displayName: picked.displayName, fileCount: picked.files.length, totalBytes });
  for (const [n, file] of picked.files.entries()) {
    await api.uploadFile({ uploadId, name: file.name, data: await file.arrayBuffer() });
    onProgress?.(n + 1, picked.files.length);
  }
  return uploadId;
}
