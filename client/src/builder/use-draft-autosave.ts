// Autosave: the draft goes to the server ~800 ms after the last edit, and when the builder is left,
// naming the revision it was based on. A 409 means someone else saved meanwhile: autosave stops
// (nothing is overwritten, nothing typed is dropped) until the user reloads or overwrites.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError } from '../api/api-client';
import { flowsApi } from '../api/flows-api';
import { draftBody } from './draft-body';
import type { BuilderState } from './store/builder-state';
import type { BuilderStore } from './store/builder-store';

export const AUTOSAVE_DELAY_MS = 800;

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';

export interface DraftAutosave {
  status: SaveStatus;
  /** Why the last save failed (status error). */
  error: string | null;
  /** The server revision this tab's draft is based on. */
  revision: number;
  /** Saves now if anything is unsaved; resolves to the revision saved, or null when the save failed or a conflict blocks it. */
  flush: () => Promise<number | null>;
  /** Replaces the draft with the server's (one undoable step, so this tab's version is one Ctrl+Z away). */
  reload: () => Promise<void>;
  /** Saves this tab's draft over the newer one on the server. */
  overwrite: () => Promise<void>;
  /** Takes a revision the server reported elsewhere (publish). */
  adoptRevision: (revision: number) => void;
}

const selectEditCount = (state: BuilderState) => state.editCount;

export function useDraftAutosave(store: BuilderStore, flowId: string, initialRevision: number): DraftAutosave {
  const editCount = store(selectEditCount);
  const [savedCount, setSavedCount] = useState(() => store.getState().editCount);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [failure, setFailure] = useState<{ message: string; atCount: number } | null>(null);
  const [revision, setRevision] = useState(initialRevision);
  // Mirrors for the async save, which must see the latest values, not those of the render it started in.
  const revisionRef = useRef(initialRevision);
  const savedCountRef = useRef(savedCount);
  const blockedRef = useRef(false);
  const inFlight = useRef<Promise<boolean> | null>(null);

  const adoptRevision = useCallback((next: number) => {
    revisionRef.current = next;
    setRevision(next);
  }, []);
  const markSaved = useCallback((count: number) => {
    savedCountRef.current = count;
    setSavedCount(count);
  }, []);

  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current !== null) await inFlight.current;
    if (blockedRef.current) return false;
    const state = store.getState();
    const sentCount = state.editCount;
    if (sentCount === savedCountRef.current) return true;
    const body = draftBody(state);
    if (!body.ok) {
      setFailure({ message: body.error, atCount: sentCount });
      return false;
    }
    setSaving(true);
    const request = flowsApi
      .save(flowId, { graph: body.graph, settings: body.settings, revision: revisionRef.current })
      .then((flow) => {
        adoptRevision(flow.revision);
        markSaved(sentCount);
        setFailure(null);
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof ApiRequestError && error.code === 'revision_conflict') {
          blockedRef.current = true;
          setConflict(true);
        } else {
          setFailure({ message: error instanceof Error ? error.message : String(error), atCount: sentCount });
        }
        return false;
      })
      .finally(() => {
        inFlight.current = null;
        setSaving(false);
      });
    inFlight.current = request;
    return request;
  }, [store, flowId, adoptRevision, markSaved]);

  // The debounce: every edit restarts the timer. After a failure, only a new edit tries again.
  useEffect(() => {
    if (editCount === savedCount || conflict || failure?.atCount === editCount) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [editCount, savedCount, conflict, failure, save]);

  // Leaving: the page (ask the browser to wait) or the builder (save on the way out).
  useEffect(() => {
    const dirty = () => !blockedRef.current && store.getState().editCount !== savedCountRef.current;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty()) return;
      event.preventDefault();
      void save();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (dirty()) void save();
    };
  }, [store, save]);

  const reload = useCallback(async () => {
    const latest = await flowsApi.get(flowId);
    store.getState().replaceGraph(latest.graph, latest.settings);
    blockedRef.current = false;
    setConflict(false);
    setFailure(null);
    adoptRevision(latest.revision);
    markSaved(store.getState().editCount);
  }, [store, flowId, adoptRevision, markSaved]);

  const overwrite = useCallback(async () => {
    const latest = await flowsApi.get(flowId);
    adoptRevision(latest.revision);
    blockedRef.current = false;
    setConflict(false);
    await save();
  }, [flowId, adoptRevision, save]);

  const flush = useCallback(async () => ((await save()) ? revisionRef.current : null), [save]);

  const status: SaveStatus = conflict ? 'conflict' : saving ? 'saving' : failure !== null ? 'error' : editCount === savedCount ? 'saved' : 'unsaved';
  return { status, error: failure?.message ?? null, revision, flush, reload, overwrite, adoptRevision };
}
