import { Upload } from 'lucide-react';
import { useRef } from 'react';

interface ImportFlowButtonProps {
  /** Gets the file's JSON, or a message when the file is not JSON at all. */
  onFile(result: { json: unknown; fileName: string } | { error: string; fileName: string }): void;
  disabled?: boolean;
}

/** "Import": a file picker for a flow document (.json). The server checks the document itself. */
export function ImportFlowButton({ onFile, disabled }: ImportFlowButtonProps) {
  const input = useRef<HTMLInputElement>(null);

  async function read(file: File): Promise<void> {
    const text = await file.text();
    try {
      onFile({ json: JSON.parse(text), fileName: file.name });
    } catch (error) {
      onFile({ error: `${file.name} is not JSON: ${error instanceof Error ? error.message : String(error)}`, fileName: file.name });
    }
  }

  return (
    <>
      <button type="button" className="app-button" onClick={() => input.current?.click()} disabled={disabled}>
        <Upload size={14} aria-hidden /> Import
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="app-visually-hidden"
        aria-label="Flow file to import (JSON)"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that picking the same file again (after fixing it) imports again.
          event.target.value = '';
          if (file) void read(file);
        }}
      />
    </>
  );
}
