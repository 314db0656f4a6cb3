import { render, screen } from '@testing-library/react';
import { FormErrors } from './FormErrors';
import { TextField } from './TextField';

describe('FormErrors', () => {
  it('shows each issue beside the field at its path and lists the others at the top', () => {
    const issues = [
      { path: ['team'], message: 'required' },
      { path: ['routing', 'queue'], message: 'unknown queue' },
    ];
    render(
      <FormErrors issues={issues}>
        <TextField label="Team" path={['team']} value="" onChange={() => {}} />
      </FormErrors>,
    );
    expect(screen.getByLabelText('Team')).toHaveAccessibleDescription('required');
    const summary = screen.getByRole('alert');
    expect(summary).toHaveTextContent('routing.queue: unknown queue');
    expect(summary).not.toHaveTextContent('required');
  });

  it('shows no summary when every issue has its field', () => {
    render(
      <FormErrors issues={[{ path: ['team'], message: 'required' }]}>
        <TextField label="Team" path={['team']} value="" onChange={() => {}} />
      </FormErrors>,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
