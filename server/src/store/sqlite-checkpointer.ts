// WAL checkpoints off the event loop. Left to SQLite, the commit that crosses the threshold copies the
// WAL's pages into the database file and fsyncs both on the thread that answers customers. Here a
// worker thread with its own connection copies pages often (PASSIVE: it never blocks the writer). A
// copy cannot catch up with a writer that never pauses, so the WAL would grow without end: when it is
// long, the worker pauses and asks the writer to finish the job (`restartWal`, a RESTART between two
// commits: only the last pages to copy, then the WAL starts over and the file stays small).
import { Worker } from 'node:worker_threads';

const PASSIVE_EVERY_MS = 100;
/** About 16 MB of 4 KB pages. */
const RESTART_ABOVE_FRAMES = 4000;

// Plain JavaScript run with `eval`, so the same worker runs from the compiled build and from sources in tests.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
let timer = null;
const pass = () => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  if (result && result.log > workerData.restartAbove) {
    clearInterval(timer);
    timer = null;
    parentPort.postMessage('restart');
  }
};
const resume = () => {
  if (timer === null) timer = setInterval(pass, workerData.everyMs);
};
resume();
parentPort.on('message', (message) => {
  if (message === 'resume') return resume();
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` in a worker; the writer's connection must have `wal_autocheckpoint = 0`.
 * `restartWal` runs on the writer's thread when the WAL is long (it must run `wal_checkpoint(RESTART)`
 * outside any transaction); `onFailure` if the worker dies, so checkpoints can go back to SQLite.
 */
export function startCheckpointer(file: string, hooks: { restartWal: () => void; onFailure: (error: unknown) => void }): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), everyMs: PASSIVE_EVERY_MS, restartAbove: RESTART_ABOVE_FRAMES },
  });
  let stopping = false;
  worker.on('message', () => {
    if (stopping) return;
    try {
      hooks.restartWal();
    } finally {
      worker.postMessage('resume');
    }
  });
  worker.on('error', hooks.onFailure);
  // It never keeps the process alive by itself: a store left open must not hang exit.
  worker.unref();
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held while stopping: otherwise a process with nothing else to do exits halfway through close().
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
