import type { z } from 'zod';

/**
 * Zod's default messages speak to programmers ("expected array to have >=1 items"); beside a field (the
 * builder's forms) or in the validation panel a user needs what to do. Only defaults are replaced: a
 * message written in a schema always wins.
 */
export const friendlyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '' || issue.input === null) return 'required';
      if (issue.expected === 'number') return 'enter a number';
      if (issue.expected === 'int') return 'enter a whole number';
      return undefined;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'required' : `at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return issue.minimum === 1 ? 'add at least one' : `add at least ${issue.minimum}`;
      if (issue.origin === 'number') return issue.inclusive ? `at least ${issue.minimum}` : `more than ${issue.minimum}`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `at most ${issue.maximum}`;
      if (issue.origin === 'number') return issue.inclusive ? `at most ${issue.maximum}` : `less than ${issue.maximum}`;
      return undefined;
    case 'invalid_value':
      return `choose one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'not in the expected format' : undefined;
    default:
      return undefined;
  }
};
