import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { groupIssuesByPath, type FieldIssue } from './field-issues';
import { FormErrorsContext } from './form-errors-context';

interface FormErrorsProps {
  issues: readonly FieldIssue[];
  children: ReactNode;
}

/**
 * Hands each field the issues at its path and lists at the top the ones no rendered field claims (data
 * of an unexpected shape, a path no control edits), so no problem is ever hidden.
 */
export function FormErrors({ issues, children }: FormErrorsProps) {
  const [claims, setClaims] = useState<ReadonlyMap<string, number>>(new Map());
  const claim = useCallback((key: string) => {
    const add = (delta: number) =>
      setClaims((previous) => {
        const next = new Map(previous);
        const count = (next.get(key) ?? 0) + delta;
        if (count > 0) next.set(key, count);
        else next.delete(key);
        return next;
      });
    add(1);
    return () => add(-1);
  }, []);
  const byPath = useMemo(() => groupIssuesByPath(issues), [issues]);
  const value = useMemo(() => ({ byPath, claim }), [byPath, claim]);
  const unclaimed = [...byPath].filter(([key]) => !claims.has(key));
  return (
    <FormErrorsContext.Provider value={value}>
      {unclaimed.length > 0 && (
        <div className="form-summary" role="alert">
          <p className="form-summary-title">Fix these problems:</p>
          <ul>
            {unclaimed.flatMap(([key, messages]) =>
              messages.map((message) => (
                <li key={`${key}:${message}`}>
                  {key === '' ? message : <><code>{key}</code>: {message}</>}
                </li>
              )),
            )}
          </ul>
        </div>
      )}
      {children}
    </FormErrorsContext.Provider>
  );
}
