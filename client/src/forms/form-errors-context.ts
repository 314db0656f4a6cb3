import { createContext, useContext, useLayoutEffect } from 'react';
import { pathKey } from './field-issues';

export interface FormErrorsValue {
  byPath: ReadonlyMap<string, string[]>;
  /** A field claims the issues at its path, so the summary leaves them out; returns the release. */
  claim: (key: string) => () => void;
}

export const FormErrorsContext = createContext<FormErrorsValue>({ byPath: new Map(), claim: () => () => {} });

/** The messages for the field at `path`, which the field shows beside itself. */
export function useFieldErrors(path: readonly PropertyKey[]): string[] {
  const { byPath, claim } = useContext(FormErrorsContext);
  const key = pathKey(path);
  useLayoutEffect(() => claim(key), [claim, key]);
  return byPath.get(key) ?? [];
}
