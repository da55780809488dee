import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getApi } from '../api/client';
import { downloadBlob, maskStem } from '../logic/browserDownload';
import { useEditingStore } from './editing';
import { useLayersStore } from './layers';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

/** Export of the edited mask and the lesion statistics: upload the edits first, then save or download. */
export const useExportsStore = defineStore('exports', () => {
  const busy = ref(false);

  /**
   * Sends the editor's label map to the service, which exports what it holds. `evenEmpty`: also when every label was
   * deleted, so that the service does not go on holding (and merging onto, and answering from) labels gone here.
   */
  async function upload(studyId: string, evenEmpty = false): Promise<boolean> {
    const editing = useEditingStore();
    const editor = editing.editor;
    if (!editor || (editor.labels.length === 0 && !evenEmpty)) return false;
    editor.endStroke();
    const data = editor.labelMap.data;
    await getApi().putLabelMap({
      studyId,
      labels: editing.labelTable(),
      editProvenance: JSON.stringify(editor.provenanceSummary()),
      data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    });
    return true;
  }

  /** `savesEdits`: only a written mask keeps the edits; a statistics file does not clear the unsaved flag. */
  async function run(
    what: string,
    savesEdits: boolean,
    action: (studyId: string, native: boolean) => Promise<string | null>,
  ): Promise<void> {
    const study = useStudyStore();
    const studyId = study.study?.studyId;
    if (!studyId || busy.value) return;
    busy.value = true;
    try {
      if (!(await upload(studyId))) {
        useNoticesStore().push('info', 'There is no label map to export yet: run a model or paint first.');
        return;
      }
      const where = await action(studyId, study.appInfo?.nativeDialogs === true);
      if (where === null) return; // the user cancelled the save dialog
      if (savesEdits) useEditingStore().markSaved();
      useNoticesStore().push('info', where, 8000);
    } catch (err) {
      useNoticesStore().error(err, `Could not export the ${what}`);
    } finally {
      busy.value = false;
    }
  }

  const exportMask = (perLabelFiles = false) =>
    run('mask', true, async (studyId, native) => {
      const api = getApi();
      if (native) {
        const files = await api.saveMaskAs({ studyId, perLabelFiles });
        return files ? `Saved to ${files.map((f) => f.path ?? f.fileName).join(', ')}` : null;
      }
      const { header, data } = await api.downloadMask({ studyId });
      const stem = maskStem(header.fileName);
      downloadBlob(header.fileName, data, 'application/gzip');
      downloadBlob(`${stem}.labels.json`, header.labelTableJson, 'application/json');
      downloadBlob(`${stem}.provenance.json`, header.provenanceJson, 'application/json');
      return `Downloaded ${header.fileName}`;
    });

  const exportStats = (format: 'csv' | 'json') =>
    run('statistics', false, async (studyId, native) => {
      const api = getApi();
      const lesionNames = useLayersStore().namedLesions();
      if (native) {
        const file = await api.saveStatsAs({ studyId, format, lesionNames });
        return file ? `Saved to ${file.path ?? file.fileName}` : null;
      }
      const { fileName, mimeType, content } = await api.downloadStats({ studyId, format, lesionNames });
      downloadBlob(fileName, content, mimeType);
      return `Downloaded ${fileName}`;
    });

  return { busy, upload, exportMask, exportStats };
});
